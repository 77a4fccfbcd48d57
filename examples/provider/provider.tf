# Local backend (the default): functions run on a Lambdaform engine started
# with `lambdaform serve --addr 127.0.0.1:9001`.
provider "lambda" {
  backend  = "local"
  endpoint = "http://127.0.0.1:9001"

  default_tags {
    tags = {
      project = "example"
    }
  }
}

# AWS backend: the same resources deploy to AWS Lambda. Credentials come from
# the usual AWS chain (environment, shared files, profile, SSO, web identity).
provider "lambda" {
  alias   = "aws"
  backend = "aws"
  region  = "eu-west-1"
  profile = "deploy"

  assume_role {
    role_arn     = "arn:aws:iam::123456789012:role/deployer"
    session_name = "lambdaform"
  }

  default_tags {
    tags = {
      project = "example"
    }
  }
}
