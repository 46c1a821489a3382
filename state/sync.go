package state

// SkipSync makes commits skip fsync(2) while skip is true, for a file
// filled in bulk whose loss on a crash is harmless (the demo's seeded
// history); SkipSync(false) writes what was skipped to disk.
func (s *Store) SkipSync(skip bool) error {
	s.db.NoSync, s.db.NoGrowSync = skip, skip
	if skip {
		return nil
	}
	return s.db.Sync()
}
