package api

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Given problem.go's problem kinds, then the document lists each with its
// status and meaning, and no other.
func TestOpenAPI_ProblemTypesListEveryKind(t *testing.T) {
	src, err := os.ReadFile("problem.go")
	if err != nil {
		t.Fatal(err)
	}
	var declared, listed []string
	for _, m := range regexp.MustCompile(`(?m)^\s*kind\w+\s*=\s*"([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		declared = append(declared, m[1])
	}
	for _, p := range problemTypes {
		listed = append(listed, p.Kind)
		if p.Status < 400 || p.Meaning == "" {
			t.Errorf("problem type %s: status %d, meaning %q", p.Kind, p.Status, p.Meaning)
		}
	}
	slices.Sort(declared)
	slices.Sort(listed)
	if len(declared) == 0 || !slices.Equal(declared, listed) {
		t.Errorf("problem kinds declared %v, listed in the document %v", declared, listed)
	}
}

// Given the enum table, then each entry names a JSON field its struct has
// and holding a string, so a renamed field cannot silently lose its enum.
func TestOpenAPI_EnumFieldsNameRealFields(t *testing.T) {
	for key, e := range enumFields {
		if len(e.Values) == 0 {
			t.Errorf("%s.%s: enum %s has no values", key.Struct, key.Name, e.Name)
		}
		if !hasStringField(key.Struct, key.Name) {
			t.Errorf("%s has no string field %q for enum %s", key.Struct, key.Name, e.Name)
		}
	}
}

func hasStringField(t reflect.Type, name string) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		tagName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tagName == "" && f.Type.Kind() == reflect.Struct && hasStringField(f.Type, name) {
			return true
		}
		if tagName == name && f.Type.Kind() == reflect.String {
			return true
		}
	}
	return false
}
