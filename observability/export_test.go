package observability

// StartTracingTo is StartTracing with the console exporter writing to w.
var StartTracingTo = startTracing
