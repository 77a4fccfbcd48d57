package lambdaapi

import (
	"errors"
	"math/rand/v2"
	"regexp"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

var (
	versionNumberRe = regexp.MustCompile(`^[0-9]+$`)
	// aliasNameRe is AWS's (?!^[0-9]+$)([a-zA-Z0-9-_]+) without the
	// look-ahead, which RE2 lacks; isAliasName adds it back.
	aliasNameRe = regexp.MustCompile(`^[a-zA-Z0-9_\-]+$`)
)

func isVersionNumber(q string) bool { return versionNumberRe.MatchString(q) }

func isAliasName(q string) bool { return aliasNameRe.MatchString(q) && !isVersionNumber(q) }

// qualifierKind says what a (syntactically valid) qualifier can name.
type qualifierKind int

const (
	kindVersion qualifierKind = iota // $LATEST or a number
	kindAlias
	kindNothing // matches the Qualifier pattern (e.g. contains '$') but can name nothing
)

func kindOf(q string) qualifierKind {
	switch {
	case q == store.LatestVersion || isVersionNumber(q):
		return kindVersion
	case isAliasName(q):
		return kindAlias
	default:
		return kindNothing
	}
}

// routing picks the version an invocation through an alias runs.
type routing int

const (
	primaryOnly routing = iota // GetFunction & co. describe the alias's main version
	weighted                   // Invoke splits traffic by the alias's weights
)

// qualifiedVersion returns the version a qualifier names: the version
// itself or, for an alias, its main version (invocations, which follow the
// alias's weights, go through resolve). It returns store.ErrNotFound when
// the version or alias does not exist.
func qualifiedVersion(tx *store.Tx, function, qualifier string) (store.Version, error) {
	version := qualifier
	switch kindOf(qualifier) {
	case kindNothing:
		return store.Version{}, store.ErrNotFound
	case kindAlias:
		al, err := tx.Alias(function, qualifier)
		if err != nil {
			return store.Version{}, err
		}
		version = al.FunctionVersion
	}
	return tx.Version(function, version)
}

// pickVersion sends AdditionalWeight of the invocations to the additional
// version, as AWS's weighted aliases do (each invocation is an independent
// draw).
func pickVersion(al store.Alias, how routing) string {
	if how == weighted && al.AdditionalVersion != "" && rand.Float64() < al.AdditionalWeight { //nolint:gosec // traffic split, not security
		return al.AdditionalVersion
	}
	return al.FunctionVersion
}

// aliasesReferencing names the aliases that route any traffic to version.
func aliasesReferencing(tx *store.Tx, function, version string) ([]string, error) {
	aliases, err := tx.Aliases(function)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, al := range aliases {
		if al.FunctionVersion == version || al.AdditionalVersion == version {
			names = append(names, al.Name)
		}
	}
	return names, nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
