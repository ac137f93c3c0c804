package postgres

import (
	"context"
	"testing"
)

// TestStore_LookupsAndSavesShareAFlush drives keysAll with both kinds of
// call at once, as a busy server's flush holds them: one statement saves
// and looks up.
func TestStore_LookupsAndSavesShareAFlush(t *testing.T) {
	t.Parallel()
	s := openTestStore(t)
	ctx := context.Background()
	if err := s.saveMany(ctx, []*saveCall{{employeeID: "e", key: "old", resp: saved(1), headers: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	t.Run("given a key saved earlier, when a flush looks it up beside new saves, then it is found and the saves kept", func(t *testing.T) {
		old, same, missing := &lookupCall{employeeID: "e", key: "old"}, &lookupCall{employeeID: "e", key: "new"}, &lookupCall{employeeID: "e", key: "none"}
		save := &saveCall{employeeID: "e", key: "new", resp: saved(2), headers: []byte(`{"ETag":"\"2\""}`)}
		s.keysAll(ctx, []*keyCall{{lookup: old}, {save: save}, {lookup: same}, {lookup: missing}})
		if save.err != nil || old.err != nil || same.err != nil || missing.err != nil {
			t.Fatalf("errors: save %v, lookups %v %v %v", save.err, old.err, same.err, missing.err)
		}
		if !old.found || old.resp.Status != 201 {
			t.Errorf("lookup of the earlier key = %+v, want its saved response", old)
		}
		// Concurrent with the save of the same flush: answered as if it ran first.
		if same.found || missing.found {
			t.Errorf("lookups of keys not saved before the flush found = %v, %v; want not found", same.found, missing.found)
		}
		again := &lookupCall{employeeID: "e", key: "new"}
		s.keysAll(ctx, []*keyCall{{lookup: again}})
		if !again.found || again.resp.Status != 202 || string(again.headers) != `{"ETag": "\"2\""}` {
			t.Errorf("lookup after the flush = %+v, want the save of the flush", again)
		}
	})
	t.Run("given a bad key in a shared flush, when it is flushed, then only its call fails and the others are answered", func(t *testing.T) {
		const bad = "bad-\xff" // not UTF-8: PostgreSQL refuses the text
		badSave := &saveCall{employeeID: "e", key: bad, resp: saved(3), headers: []byte(`{}`)}
		goodSave := &saveCall{employeeID: "e", key: "good", resp: saved(4), headers: []byte(`{}`)}
		badLook, oldLook := &lookupCall{employeeID: "e", key: bad}, &lookupCall{employeeID: "e", key: "old"}
		s.keysAll(ctx, []*keyCall{{save: badSave}, {lookup: oldLook}, {save: goodSave}, {lookup: badLook}})
		if badSave.err == nil || badLook.err == nil {
			t.Errorf("bad key: save error %v, lookup error %v; want both failed", badSave.err, badLook.err)
		}
		if goodSave.err != nil || oldLook.err != nil || !oldLook.found {
			t.Errorf("good calls: save error %v, lookup %+v; want saved and found", goodSave.err, oldLook)
		}
		good := &lookupCall{employeeID: "e", key: "good"}
		s.lookupOne(ctx, good)
		if !good.found || good.resp.Status != 204 {
			t.Errorf("lookup of the good save = %+v, want saved once", good)
		}
	})
}
