package model

// Key is a feature's name hashed (FNV-1a, 64 bits), so that a message's
// features are looked up without building their names as strings.
type Key uint64

// FNV-1a constants.
const (
	fnvOffset Key = 14695981039346656037
	fnvPrime  Key = 1099511628211
)

// KeyOf hashes a whole feature name.
func KeyOf(name string) Key { return fnvOffset.Add(name) }

// Add continues the hash with s: KeyOf(a).Add(b) == KeyOf(a+b).
func (k Key) Add(s string) Key {
	for i := 0; i < len(s); i++ {
		k ^= Key(s[i])
		k *= fnvPrime
	}
	return k
}

// AddByte continues the hash with one byte.
func (k Key) AddByte(c byte) Key {
	k ^= Key(c)
	return k * fnvPrime
}

// AddBytes continues the hash with b.
func (k Key) AddBytes(b []byte) Key {
	for _, c := range b {
		k ^= Key(c)
		k *= fnvPrime
	}
	return k
}
