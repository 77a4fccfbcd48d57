variable "name" {
  description = "Function name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores."
  }
}

variable "filename" {
  description = "Path of the deployment package: a zip with the executable `bootstrap` (mode 0755) at its root."
  type        = string
}

variable "label" {
  description = "Label the function adds to every answer (its LABEL environment variable)."
  type        = string
  default     = "sum"
}

variable "smoke_test_numbers" {
  description = "Numbers the smoke-test invocation asks the function to add up."
  type        = list(number)
  default     = [1, 2, 3.5]

  validation {
    condition     = length(var.smoke_test_numbers) > 0
    error_message = "smoke_test_numbers must not be empty: the function rejects an empty list."
  }
}

variable "architecture" {
  description = "Instruction set the binary is built for: x86_64 (GOARCH=amd64) or arm64 (GOARCH=arm64)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
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
  default     = "arn:aws:iam::000000000000:role/go-function"
}

variable "tags" {
  description = "Tags for the function."
  type        = map(string)
  default     = {}
}
