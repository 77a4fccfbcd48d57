# Tests for the canary example, run against a Lambdaform engine with
# `tofu test` (scripts/module-test.sh runs ../build.sh, starts an engine and
# runs them offline). The runs share one state and walk one rollout:
# release 1 → 10% of release 2 → rollback → release 2 promoted → release 2
# made the new stable version. The probe (lambda_invocation.probe) invokes
# the alias whenever it changes; only runs where one version takes all the
# traffic assert which release answered.
#
# The engine's URL is the example's var.endpoint (TF_VAR_endpoint, default
# http://127.0.0.1:9001). backend = "local" keeps the tests off AWS even
# where LAMBDAFORM_BACKEND=aws is set.

provider "lambda" {
  backend  = "local"
  endpoint = var.endpoint
}

# Set here so that TF_VAR_release or TF_VAR_canary_weight left in the shell
# by a rollout by hand cannot change the first run.
variables {
  function_name = "canary-test"
  release       = "1"
  canary_weight = 0
}

run "releases_v1" {
  assert {
    condition     = lambda_function_version.stable.version == "1" && length(lambda_function_version.canary) == 0
    error_message = "release 1 should be published as version 1 with no canary, got stable ${lambda_function_version.stable.version}"
  }

  assert {
    condition     = lambda_alias.live.function_version == "1" && length(lambda_alias.live.routing_config) == 0
    error_message = "live should point at version 1 only: ${jsonencode(output.live)}"
  }

  assert {
    condition     = output.probe.executed_version == "1" && output.probe.result == { release = "1", version = "1" }
    error_message = "live should be answered by release 1: ${jsonencode(output.probe)}"
  }
}

run "canary_at_10_percent" {
  variables {
    release       = "2"
    canary_weight = 0.1
  }

  assert {
    condition     = lambda_function_version.stable.version == "1" && lambda_function_version.canary[0].version == "2"
    error_message = "release 2 should be published as version 2 beside stable version 1: ${jsonencode(output.live)}"
  }

  assert {
    condition     = lambda_alias.live.function_version == "1" && lambda_alias.live.routing_config[0].additional_version_weights == tomap({ "2" = 0.1 })
    error_message = "live should send 10% to version 2: ${jsonencode(output.live)}"
  }

  # Either version may answer at 10%; whichever did must run its own release.
  assert {
    condition     = contains(["1", "2"], output.probe.executed_version) && output.probe.result == { release = output.probe.executed_version, version = output.probe.executed_version }
    error_message = "the version that answered runs the wrong release: ${jsonencode(output.probe)}"
  }
}

run "rolls_back" {
  variables {
    release       = "2"
    canary_weight = 0
  }

  assert {
    condition     = length(lambda_function_version.canary) == 0 && lambda_alias.live.function_version == "1" && length(lambda_alias.live.routing_config) == 0
    error_message = "rolling back should send all of live to version 1: ${jsonencode(output.live)}"
  }

  assert {
    condition     = output.probe.executed_version == "1" && output.probe.result.release == "1"
    error_message = "live should be answered by release 1 after the rollback: ${jsonencode(output.probe)}"
  }
}

# The canary version survived the rollback (skip_destroy): promoting adopts
# version 2 rather than publishing a third.
run "promotes_v2" {
  variables {
    release       = "2"
    canary_weight = 1
  }

  assert {
    condition     = lambda_function_version.canary[0].version == "2" && lambda_alias.live.function_version == "2" && length(lambda_alias.live.routing_config) == 0
    error_message = "promoting should send all of live to version 2: ${jsonencode(output.live)}"
  }

  assert {
    condition     = output.probe.executed_version == "2" && output.probe.result == { release = "2", version = "2" }
    error_message = "live should be answered by release 2: ${jsonencode(output.probe)}"
  }
}

run "makes_v2_stable" {
  plan_options {
    replace = [lambda_function_version.stable]
  }

  variables {
    release       = "2"
    canary_weight = 0
  }

  assert {
    condition     = lambda_function_version.stable.version == "2" && length(lambda_function_version.canary) == 0
    error_message = "the new stable version should be version 2, adopted: got ${lambda_function_version.stable.version}"
  }

  assert {
    condition     = lambda_alias.live.function_version == "2" && length(lambda_alias.live.routing_config) == 0 && output.probe.result.release == "2"
    error_message = "live should stay on release 2: ${jsonencode(output.live)} ${jsonencode(output.probe)}"
  }
}

run "rejects_weight_above_1" {
  command = plan

  variables {
    canary_weight = 1.5
  }

  expect_failures = [var.canary_weight]
}
