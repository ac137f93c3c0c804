// Renders /openapi.json with the vendored Swagger UI. A file of its own,
// not an inline script, so the page's policy allows scripts from 'self' only.
window.addEventListener("load", function () {
  document.getElementById("index").remove();
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // no call to the public validator: the page works offline
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    defaultModelsExpandDepth: 1,
    defaultModelExpandDepth: 3,
    displayOperationId: true,
    showExtensions: true,
    showCommonExtensions: true,
    filter: true,
  });
});
