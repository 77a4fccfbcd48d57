package lambdaapi

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// Alias constraints as AWS prints them (Lambda Smithy model; the routing
// messages are recorded against real AWS in LocalStack's
// test_notfound_and_invalid_routingconfigs snapshot).
const (
	patternAlias          = `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`
	patternAliasVersion   = `(\$LATEST(\.PUBLISHED)?|[0-9]+)`
	weightValueConstraint = "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]"
	weightKeyConstraint   = "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]"
)

var aliasVersionRe = regexp.MustCompile(`^(?:\$LATEST(?:\.PUBLISHED)?|[0-9]+)$`)

func aliasNameViolations(name *string) []string {
	switch {
	case name == nil:
		return []string{"Value null at 'name' failed to satisfy constraint: Member must not be null"}
	case len(*name) > 128:
		return []string{violation(*name, "name", "Member must have length less than or equal to 128")}
	case !isAliasName(*name):
		return []string{violation(*name, "name", "Member must satisfy regular expression pattern: "+patternAlias)}
	}
	return nil
}

func aliasVersionViolations(member string, version *string, required bool) []string {
	switch {
	case version == nil && required:
		return []string{"Value null at '" + member + "' failed to satisfy constraint: Member must not be null"}
	case version == nil:
		return nil
	case len(*version) > 1024:
		return []string{violation(*version, member, "Member must have length less than or equal to 1024")}
	case !aliasVersionRe.MatchString(*version):
		return []string{violation(*version, member, "Member must satisfy regular expression pattern: "+patternAliasVersion)}
	}
	return nil
}

// violations checks an alias request the way AWS's request validation does.
func (req *aliasRequest) violations(create bool) []string {
	var v []string
	if create {
		v = append(v, aliasNameViolations(req.Name)...)
	}
	v = append(v, aliasVersionViolations("functionVersion", req.FunctionVersion, create)...)
	if req.Description != nil && len(*req.Description) > 256 {
		v = append(v, violation(*req.Description, "description", "Member must have length less than or equal to 256"))
	}
	if req.RoutingConfig != nil {
		v = append(v, weightViolations(req.RoutingConfig.AdditionalVersionWeights)...)
	}
	return v
}

func weightViolations(weights map[string]float64) []string {
	var badValue, badKey bool
	for k, w := range weights {
		badValue = badValue || w < 0 || w > 1
		badKey = badKey || !isVersionNumber(k) || len(k) > 1024
	}
	var v []string
	if badValue {
		v = append(v, violation(javaMap(weights), "routingConfig.additionalVersionWeights", weightValueConstraint))
	}
	if badKey {
		v = append(v, violation(javaMap(weights), "routingConfig.additionalVersionWeights", weightKeyConstraint))
	}
	return v
}

// javaMap renders weights as AWS's (Java) validation messages print a map:
// {2=0.5}.
func javaMap(weights map[string]float64) string {
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + javaDouble(weights[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// javaDouble formats f like Java's Double.toString for the values a weight
// can plausibly take: 2.0, -1.0, 0.25.
func javaDouble(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// checkRouting enforces AWS's service rules for a weighted alias: one
// additional version, published, distinct from the main one, sharing its
// execution role and dead-letter configuration.
func (a *API) checkRouting(tx *store.Tx, target store.Version, weights map[string]float64) error {
	if len(weights) == 0 {
		return nil
	}
	if len(weights) > 1 {
		return invalidParam("Number of items in AdditionalVersionWeights cannot be greater than 1")
	}
	var extra string
	for k := range weights {
		extra = k
	}
	if extra == target.Version {
		return invalidParam("Invalid function version %s. Function version %s is already included in routing configuration.", extra, extra)
	}
	if target.Version == store.LatestVersion {
		return invalidParam("$LATEST is not supported for an alias pointing to more than 1 version")
	}
	other, err := tx.Version(target.FunctionName, extra)
	if isNotFound(err) {
		return a.functionNotFound(target.FunctionName, extra)
	}
	if err != nil {
		return err
	}
	return sameRoleAndDLQ(target, other)
}

func sameRoleAndDLQ(a, b store.Version) error {
	if a.Role != b.Role {
		return invalidParam("Specified versions must be associated with the same execution role")
	}
	if a.DeadLetterTarget != b.DeadLetterTarget {
		return invalidParam("Specified versions must be associated with the same dead letter queue configuration")
	}
	return nil
}

// applyRouting stores weights (at most one entry, already checked) on al.
func applyRouting(al *store.Alias, weights map[string]float64) {
	al.AdditionalVersion, al.AdditionalWeight = "", 0
	for k, w := range weights {
		al.AdditionalVersion, al.AdditionalWeight = k, w
	}
}

func (a *API) aliasARN(function, name string) string { return a.qualifiedARN(function, name) }

func (a *API) aliasReply(al store.Alias) aliasConfiguration {
	c := aliasConfiguration{
		AliasArn: a.aliasARN(al.FunctionName, al.Name), Name: al.Name,
		FunctionVersion: al.FunctionVersion, Description: al.Description, RevisionID: al.RevisionID,
	}
	if al.AdditionalVersion != "" {
		c.RoutingConfig = &routingConfig{AdditionalVersionWeights: map[string]float64{al.AdditionalVersion: al.AdditionalWeight}}
	}
	return c
}
