# Runs once, when created, and again only when it is replaced: here when
# the function's code changes (triggers) or the input changes as JSON.
resource "lambda_invocation" "seed" {
  function_name = lambda_function.hello.function_name

  input = jsonencode({
    table = "widgets"
    rows  = 100
  })

  triggers = {
    code = lambda_function.hello.code_sha256
  }
}

output "seeded" {
  value = jsondecode(lambda_invocation.seed.result)
}

# Runs on create, update and destroy. The function receives input plus
#   "tf": { "action": "create" | "update" | "delete", "prev_input": { ... } }
# so it can set up, migrate and clean up what it manages.
resource "lambda_invocation" "schema" {
  function_name   = lambda_function.hello.function_name
  qualifier       = lambda_function.hello.version # a published version
  lifecycle_scope = "CRUD"

  input = jsonencode({
    database = "app"
    version  = 3
  })
}
