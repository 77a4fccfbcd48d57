package resources_test

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func positive(v int64) error {
	if v <= 0 {
		return fmt.Errorf("got %d, want > 0", v)
	}
	return nil
}

// equal compares with a value only known once an earlier PreConfig ran.
func equal(got, want string) error {
	if got != want {
		return fmt.Errorf("got %q, want %q", got, want)
	}
	return nil
}

func tfjsonpathOf(attr string) tfjsonpath.Path { return tfjsonpath.New(attr) }
