package kinesis

import (
	"encoding/base64"
	"fmt"
	"maps"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// CBOR support rides on smithy-go's encoding/cbor (the module the SDK is
// built on, pinned in go.mod), which parses and writes CBOR data items;
// mapping them to Kinesis shapes is done here.

// cborToJSONValue turns a decoded CBOR request into the value the JSON
// encoding of the same request would hold: byte strings become base64
// strings and tag-1 epochs become epoch seconds, as JSON 1.1 sends them.
func cborToJSONValue(v cbor.Value) (any, error) {
	switch v := v.(type) {
	case cbor.Map:
		out := make(map[string]any, len(v))
		for k, e := range v {
			j, err := cborToJSONValue(e)
			if err != nil {
				return nil, err
			}
			out[k] = j
		}
		return out, nil
	case cbor.List:
		out := make([]any, len(v))
		for i, e := range v {
			j, err := cborToJSONValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return out, nil
	case cbor.Slice:
		return base64.StdEncoding.EncodeToString(v), nil
	case *cbor.Tag:
		t, err := cbor.AsTime(v)
		if err != nil {
			return nil, fmt.Errorf("CBOR tag %d: %w", v.ID, err)
		}
		return float64(t.UnixMilli()) / 1000, nil
	}
	return cborScalar(v)
}

func cborScalar(v cbor.Value) (any, error) {
	switch v := v.(type) {
	case cbor.String:
		return string(v), nil
	case cbor.Bool:
		return bool(v), nil
	case cbor.Uint, cbor.NegInt:
		return cbor.AsInt64(v)
	case cbor.Float32, cbor.Float64:
		return cbor.AsFloat64(v)
	case *cbor.Nil, *cbor.Undefined:
		return nil, nil
	}
	return nil, fmt.Errorf("unsupported CBOR value %T", v)
}

// encodeCBOR encodes a response struct as its JSON encoding would be
// shaped (json tags, omitempty), with []byte as byte strings and
// epochTime as tag-1 epochs.
func encodeCBOR(v any) ([]byte, error) {
	cv, err := toCBOR(reflect.ValueOf(v))
	if err != nil {
		return nil, err
	}
	return cbor.Encode(cv), nil
}

var epochType = reflect.TypeFor[epochTime]()

func toCBOR(v reflect.Value) (cbor.Value, error) {
	if v.Type() == epochType {
		if t, ok := v.Interface().(epochTime); ok {
			ms := time.Time(t).UnixMilli()
			return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(ms) / 1000)}, nil
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return &cbor.Nil{}, nil
		}
		return toCBOR(v.Elem())
	case reflect.Struct:
		m, err := structToCBOR(v)
		return m, err
	case reflect.Map:
		m := cbor.Map{}
		for it := v.MapRange(); it.Next(); {
			e, err := toCBOR(it.Value())
			if err != nil {
				return nil, err
			}
			m[it.Key().String()] = e
		}
		return m, nil
	case reflect.Slice:
		return sliceToCBOR(v)
	}
	return scalarToCBOR(v)
}

func structToCBOR(v reflect.Value) (cbor.Map, error) {
	m := cbor.Map{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			// Embedded structs are flattened, as encoding/json does.
			inner, err := structToCBOR(v.Field(i))
			if err != nil {
				return nil, err
			}
			maps.Copy(m, inner)
			continue
		}
		if name == "" {
			name = f.Name
		}
		if opts == "omitempty" && v.Field(i).IsZero() {
			continue
		}
		e, err := toCBOR(v.Field(i))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m[name] = e
	}
	return m, nil
}

func sliceToCBOR(v reflect.Value) (cbor.Value, error) {
	if v.Type().Elem().Kind() == reflect.Uint8 {
		return cbor.Slice(v.Bytes()), nil
	}
	l := make(cbor.List, v.Len())
	for i := range v.Len() {
		e, err := toCBOR(v.Index(i))
		if err != nil {
			return nil, err
		}
		l[i] = e
	}
	return l, nil
}

func scalarToCBOR(v reflect.Value) (cbor.Value, error) {
	switch v.Kind() {
	case reflect.String:
		return cbor.String(v.String()), nil
	case reflect.Bool:
		return cbor.Bool(v.Bool()), nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		if n := v.Int(); n < 0 {
			return cbor.NegInt(uint64(-(n + 1)) + 1), nil
		}
		return cbor.Uint(uint64(v.Int())), nil
	case reflect.Float64:
		if f := v.Float(); !math.IsNaN(f) {
			return cbor.Float64(f), nil
		}
	}
	return nil, fmt.Errorf("cannot encode %s as CBOR", v.Type())
}
