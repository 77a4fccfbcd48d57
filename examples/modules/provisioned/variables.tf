variable "name" {
  description = "Function name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores."
  }
}

variable "filename" {
  description = "Path of the deployment package: a zip of src/ with handler.py at its root."
  type        = string
}

variable "alias_name" {
  description = "Name of the alias that receives provisioned concurrency."
  type        = string
  default     = "live"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.alias_name)) && !can(regex("^[0-9]+$", var.alias_name))
    error_message = "alias_name must be 1 to 128 letters, digits, hyphens or underscores, and not only digits."
  }
}

variable "provisioned_concurrent_executions" {
  description = "How many execution environments to keep initialised behind the alias."
  type        = number
  default     = 1

  validation {
    condition     = var.provisioned_concurrent_executions >= 1 && floor(var.provisioned_concurrent_executions) == var.provisioned_concurrent_executions
    error_message = "provisioned_concurrent_executions must be a whole number, at least 1."
  }
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

variable "role_arn" {
  description = "Execution role. The Lambdaform engine accepts any well-formed role ARN; on AWS pass a role Lambda can assume."
  type        = string
  default     = "arn:aws:iam::000000000000:role/provisioned"
}

variable "tags" {
  description = "Tags for the function."
  type        = map(string)
  default     = {}
}
