variable "name" {
  description = "Function name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores."
  }
}

variable "filename" {
  description = "Path of the deployment package: a zip of src/ with greeter.py at its root."
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

variable "punctuation" {
  description = "What ends each greeting."
  type        = string
  default     = "!"

  validation {
    condition     = contains(["!", ".", "?"], var.punctuation)
    error_message = "punctuation must be one of !, . or ?."
  }
}

variable "smoke_test_name" {
  description = "Name the smoke-test invocation asks the function to greet."
  type        = string
  default     = "smoke test"
}

variable "runtime" {
  description = "Python runtime of the function."
  type        = string
  default     = "python3.12"

  validation {
    condition     = can(regex("^python3\\.[0-9]+$", var.runtime))
    error_message = "runtime must be a python3.x runtime."
  }
}

variable "memory_size" {
  description = "Memory in MB (128 to 10240)."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "role_arn" {
  description = "Execution role. The Lambdaform engine accepts any well-formed role ARN; on AWS pass a role Lambda can assume."
  type        = string
  default     = "arn:aws:iam::000000000000:role/greeter"
}

variable "tags" {
  description = "Tags for the function."
  type        = map(string)
  default     = {}
}
