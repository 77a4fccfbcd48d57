package cwlogs

import (
	"fmt"
	"strings"
)

type logGroupOut struct {
	LogGroupName      string  `json:"logGroupName"`
	CreationTime      int64   `json:"creationTime"`
	RetentionInDays   *int    `json:"retentionInDays,omitempty"`
	MetricFilterCount *int    `json:"metricFilterCount,omitempty"`
	Arn               string  `json:"arn"`
	StoredBytes       *int64  `json:"storedBytes,omitempty"`
	LogGroupClass     string  `json:"logGroupClass,omitempty"`
	LogGroupArn       *string `json:"logGroupArn,omitempty"`
}

func (a *api) createLogGroup(body []byte) (any, error) {
	var in struct {
		LogGroupName string `json:"logGroupName"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := validateGroupName("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	return struct{}{}, a.store.CreateGroup(in.LogGroupName)
}

func (a *api) deleteLogGroup(body []byte) (any, error) {
	var in struct {
		LogGroupName string `json:"logGroupName"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := validateGroupName("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	return struct{}{}, a.store.DeleteGroup(in.LogGroupName)
}

func (a *api) putRetentionPolicy(body []byte) (any, error) {
	var in struct {
		LogGroupName    string `json:"logGroupName"`
		RetentionInDays int    `json:"retentionInDays"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := validateGroupName("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	if !validRetention(in.RetentionInDays) {
		return nil, validationError(fmt.Sprint(in.RetentionInDays), "retentionInDays",
			"Member must satisfy enum value set: "+strings.Join(strings.Fields(fmt.Sprint(retentionDays)), ", "))
	}
	return struct{}{}, a.store.SetRetention(in.LogGroupName, in.RetentionInDays)
}

func (a *api) deleteRetentionPolicy(body []byte) (any, error) {
	var in struct {
		LogGroupName string `json:"logGroupName"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := validateGroupName("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	return struct{}{}, a.store.SetRetention(in.LogGroupName, 0)
}

type describeGroupsIn struct {
	LogGroupNamePrefix  *string  `json:"logGroupNamePrefix"`
	LogGroupNamePattern *string  `json:"logGroupNamePattern"`
	LogGroupIdentifiers []string `json:"logGroupIdentifiers"`
	Limit               *int32   `json:"limit"`
	NextToken           *string  `json:"nextToken"`
}

func (a *api) describeLogGroups(body []byte) (any, error) {
	var in describeGroupsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, 50, 50)
	if err != nil {
		return nil, err
	}
	keep, err := a.groupSelector(in)
	if err != nil {
		return nil, err
	}
	groups, err := a.store.Groups()
	if err != nil {
		return nil, err
	}
	var selected []GroupInfo
	for _, g := range groups {
		if keep(g.Name) {
			selected = append(selected, g)
		}
	}
	pageItems, next, err := paginate(selected, func(g GroupInfo) string { return g.Name }, in.NextToken, limit, false)
	if err != nil {
		return nil, err
	}
	out := make([]logGroupOut, len(pageItems))
	for i, g := range pageItems {
		out[i] = a.groupOut(g, in.LogGroupNamePattern == nil)
	}
	return struct {
		LogGroups []logGroupOut `json:"logGroups"`
		NextToken *string       `json:"nextToken,omitempty"`
	}{out, next}, nil
}

// groupSelector applies the mutually exclusive name filters.
func (a *api) groupSelector(in describeGroupsIn) (func(string) bool, error) {
	set := 0
	for _, given := range []bool{in.LogGroupNamePrefix != nil, in.LogGroupNamePattern != nil, in.LogGroupIdentifiers != nil} {
		if given {
			set++
		}
	}
	if set > 1 {
		return nil, invalidParam("LogGroupNamePrefix, LogGroupNamePattern and LogGroupIdentifiers are mutually exclusive parameters.")
	}
	switch {
	case in.LogGroupNamePrefix != nil:
		return func(n string) bool { return strings.HasPrefix(n, *in.LogGroupNamePrefix) }, nil
	case in.LogGroupNamePattern != nil:
		return func(n string) bool { return strings.Contains(n, *in.LogGroupNamePattern) }, nil
	case in.LogGroupIdentifiers != nil:
		return a.identifierSet(in.LogGroupIdentifiers)
	}
	return func(string) bool { return true }, nil
}

func (a *api) identifierSet(ids []string) (func(string) bool, error) {
	names := map[string]bool{}
	for _, id := range ids {
		name, err := a.groupFromIdentifier(nil, &id)
		if err != nil {
			return nil, err
		}
		names[name] = true
	}
	return func(n string) bool { return names[n] }, nil
}

// groupOut renders a group; with logGroupNamePattern AWS returns only the
// name, creation time and ARN.
func (a *api) groupOut(g GroupInfo, full bool) logGroupOut {
	out := logGroupOut{LogGroupName: g.Name, CreationTime: g.CreationTime, Arn: a.groupARN(g.Name) + ":*"}
	if !full {
		return out
	}
	if g.RetentionDays > 0 {
		out.RetentionInDays = ptr(g.RetentionDays)
	}
	out.MetricFilterCount = ptr(0)
	out.StoredBytes = ptr(g.StoredBytes)
	out.LogGroupClass = "STANDARD"
	out.LogGroupArn = ptr(a.groupARN(g.Name))
	return out
}
