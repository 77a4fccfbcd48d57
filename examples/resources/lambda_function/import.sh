# Functions are imported by name. filename, source_code_hash and publish
# cannot be read back from the API: keep them in configuration.
terraform import lambda_function.example my-function
