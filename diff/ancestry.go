package diff

// throughAncestors returns new's points with lineage added where both documents declare
// lineage to the same point of a third version: when an old point and a new point both
// derive from us-28 6, the new point derives from that old point too. Points that already
// declare lineage to the old document keep exactly what they declare. new is not modified.
func throughAncestors(old, new Document) []Point {
	type key struct{ version, label string }
	heirs := make(map[key][]string) // ancestor → labels of old points deriving from it
	for _, p := range old.Points {
		for _, r := range p.Lineage {
			if r.Version != old.ID && r.Version != new.ID {
				k := key{r.Version, r.Label}
				heirs[k] = append(heirs[k], p.Label)
			}
		}
	}
	if len(heirs) == 0 {
		return new.Points
	}
	points := new.Points
	copied := false
	for i, p := range new.Points {
		direct := false
		for _, r := range p.Lineage {
			if r.Version == old.ID {
				direct = true
				break
			}
		}
		if direct {
			continue
		}
		var added []Ref
		seen := make(map[string]bool)
		for _, r := range p.Lineage {
			for _, label := range heirs[key{r.Version, r.Label}] {
				if !seen[label] {
					seen[label] = true
					added = append(added, Ref{Version: old.ID, Label: label, Relation: r.Relation})
				}
			}
		}
		if len(added) == 0 {
			continue
		}
		if !copied {
			points = append([]Point(nil), new.Points...)
			copied = true
		}
		points[i].Lineage = append(append([]Ref(nil), p.Lineage...), added...)
	}
	return points
}
