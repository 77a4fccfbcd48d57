variable "name" {
  description = "Function name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores."
  }
}

variable "filename" {
  description = "Path of the deployment package: a zip of src/ with index.mjs at its root."
  type        = string
}

variable "greeting" {
  description = "Word the function greets with."
  type        = string
  default     = "Hello"

  validation {
    condition     = length(trimspace(var.greeting)) > 0 && length(var.greeting) <= 40
    error_message = "greeting must be 1 to 40 characters and not only whitespace."
  }
}

variable "smoke_test_name" {
  description = "Name the smoke-test invocation asks the function to greet."
  type        = string
  default     = "smoke test"
}

variable "runtime" {
  description = "Node.js runtime of the function (20 or later: ES-module handlers and top-level await)."
  type        = string
  default     = "nodejs20.x"

  validation {
    condition     = can(regex("^nodejs[0-9]+\\.x$", var.runtime)) && try(tonumber(regex("[0-9]+", var.runtime)) >= 20, false)
    error_message = "runtime must be nodejs20.x or a later nodejsNN.x runtime."
  }
}

variable "role_arn" {
  description = "Execution role. The Lambdaform engine accepts any well-formed role ARN; on AWS pass a role Lambda can assume."
  type        = string
  default     = "arn:aws:iam::000000000000:role/node-esm"
}

variable "tags" {
  description = "Tags for the function."
  type        = map(string)
  default     = {}
}
