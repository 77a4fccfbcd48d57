package resources_test

import (
	"os"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/internal/acctest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunTests(m)) }
