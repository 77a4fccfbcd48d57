# The function runs on every plan, refresh and apply: use the data source
# only for functions without side effects, and the lambda_invocation
# resource for anything that changes the world.
data "lambda_invocation" "lookup" {
  function_name = "hello"
  input         = jsonencode({ key = "feature-flags" })

  # Optional: the client context the function receives, and the log tail.
  client_context = jsonencode({ custom = { caller = "terraform" } })
  include_log    = true
}

output "flags" {
  value = jsondecode(data.lambda_invocation.lookup.result)
}
