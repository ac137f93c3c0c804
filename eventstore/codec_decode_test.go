package eventstore_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/eventstore"
)

// The codec decodes with encoding/json's semantics on the json/v2 engine
// (decision 54). These tests hold it to encoding/json's answers
// for every event type the application stores: the bodies Encode writes,
// and the bodies of other writers (keys in another case, unknown keys,
// nulls, wrong kinds).

func TestCodecDecode_givenEncodedEventsOfEveryType_whenDecoded_thenEqualsEncodingJSON(t *testing.T) {
	codec, rng := commands.Codec(), rand.New(rand.NewPCG(16, 49))
	eachEventType(codec, func(name string, typ reflect.Type) {
		decoded := 0
		for range 40 {
			if data, ok := randomBody(rng, typ); ok {
				assertDecodesAsEncodingJSON(t, codec, name, typ, data)
				decoded++
			}
		}
		if decoded == 0 {
			t.Fatalf("%s: no random value could be encoded", name)
		}
	})
}

func TestCodecDecode_givenBodiesOfOtherWriters_whenDecoded_thenEqualsEncodingJSON(t *testing.T) {
	codec, rng := commands.Codec(), rand.New(rand.NewPCG(51, 53))
	eachEventType(codec, func(name string, typ reflect.Type) {
		data, ok := randomBody(rng, typ)
		var obj map[string]any
		if !ok || json.Unmarshal(data, &obj) != nil {
			return // not an object: nothing to rewrite
		}
		for _, variant := range rewrites(obj) {
			body, err := json.Marshal(variant)
			if err != nil {
				t.Fatal(err)
			}
			assertDecodesAsEncodingJSON(t, codec, name, typ, body)
		}
	})
}

// eachEventType calls fn with every type codec knows, in name order.
func eachEventType(codec *eventstore.Codec, fn func(name string, typ reflect.Type)) {
	types := codec.Types()
	sort.Strings(types)
	for _, name := range types {
		fn(name, eventstore.CodecTypeOf(codec, name))
	}
}

// randomBody returns a random value of typ as Encode writes it; ok is
// false for a value its MarshalJSON refuses.
func randomBody(rng *rand.Rand, typ reflect.Type) (data []byte, ok bool) {
	v := reflect.New(typ)
	fill(rng, v.Elem(), 0)
	data, err := json.Marshal(v.Interface())
	return data, err == nil
}

// rewrites returns obj with its keys upper-cased, with an unknown key,
// with each value null, and with each value a string and a number.
func rewrites(obj map[string]any) []map[string]any {
	upper, unknown := map[string]any{}, map[string]any{"no_such_field": []any{1.0, "x"}}
	for k, v := range obj {
		upper[strings.ToUpper(k)] = v
		unknown[k] = v
	}
	out := []map[string]any{upper, unknown}
	for k := range obj {
		for _, other := range []any{nil, "7", 7.5, true, map[string]any{}} {
			m := map[string]any{}
			for k2, v := range obj {
				m[k2] = v
			}
			m[k] = other
			out = append(out, m)
		}
	}
	return out
}

func assertDecodesAsEncodingJSON(t *testing.T, codec *eventstore.Codec, name string, typ reflect.Type, data []byte) {
	t.Helper()
	got, gotErr := codec.Decode(name, 0, data)
	want := reflect.New(typ)
	wantErr := json.Unmarshal(data, want.Interface())
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%s %s: codec error %v, encoding/json error %v", name, data, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want.Elem().Interface()) {
		t.Fatalf("%s %s:\ncodec         %#v\nencoding/json %#v", name, data, got, want.Elem().Interface())
	}
}

// fill sets v to a random value: strings with escapes and non-ASCII
// letters, numbers of every sign, times of this century, nil or set
// pointers, raw JSON, slices and maps of up to three elements.
func fill(rng *rand.Rand, v reflect.Value, depth int) {
	if !v.CanSet() {
		return
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		sec := rng.Int64N(40 * 365 * 86400)
		v.Set(reflect.ValueOf(time.Unix(1_000_000_000+sec, rng.Int64N(1e9)).UTC()))
		return
	}
	if v.Type() == reflect.TypeFor[json.RawMessage]() {
		raws := []string{`null`, `{"rate":"0.05","caps":[1,2.5,null]}`, `[ "a" , {"b" : true} ]`, `"\u00e9t\u00e9"`, `{}`}
		v.SetBytes([]byte(raws[rng.IntN(len(raws))]))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomString(rng))
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(rng.Int64N(2001) - 1000)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(rng.Uint64N(200))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(rng.Int64N(2_000_001)-1_000_000) / 100)
	case reflect.Pointer:
		if depth < 4 && rng.IntN(3) > 0 {
			p := reflect.New(v.Type().Elem())
			fill(rng, p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if depth < 4 {
			n := rng.IntN(4)
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fill(rng, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		if depth < 4 {
			m := reflect.MakeMap(v.Type())
			for range rng.IntN(4) {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(rng, k, depth+1)
				fill(rng, e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(rng, v.Field(i), depth+1)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(rng, v.Index(i), depth+1)
		}
	}
}

func randomString(rng *rand.Rand) string {
	pieces := []string{"", "a", "Zoë", "商品", "\"quoted\"", "back\\slash", "tab\t", "line\n", "<&>", "\u2028", "€12.50", "0", "x"}
	var b strings.Builder
	for range rng.IntN(4) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}
