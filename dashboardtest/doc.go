// Package dashboardtest holds no code: it is the dashboard's browser test,
// which builds the opsledger binary, runs it with the demo company on a
// database of its own, and drives the page in Debian's headless Chromium
// (github.com/chromedp/chromedp). scripts/ensure-chromium.sh installs
// Chromium when it is missing; under CI=true a browser that cannot be
// had fails the test.
package dashboardtest
