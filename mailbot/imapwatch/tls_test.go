package imapwatch

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
)

// selfSigned returns a server config for 127.0.0.1 and a client config
// that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "memimap test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parse certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool}
}

func TestTLSModes(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	tests := []struct {
		name      string
		mode      TLSMode
		clientTLS *tls.Config
		wantErr   string // empty: the message must be handled
	}{
		{"implicit", TLSImplicit, clientTLS, ""},
		{"starttls", TLSStartTLS, clientTLS, ""},
		{"implicit, untrusted certificate", TLSImplicit, nil, "certificate"},
		{"starttls, untrusted certificate", TLSStartTLS, nil, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := memimap.Start(memimap.Options{
				Users:     []memimap.User{{Username: testUser, Password: testPass}},
				TLSConfig: serverTLS,
				Logger:    quietLogger(),
			})
			if err != nil {
				t.Fatalf("memimap.Start: %v", err)
			}
			t.Cleanup(func() { s.Close() })
			addr := s.Addr()
			if tt.mode == TLSImplicit {
				addr = startProxy(t, s.Addr(), serverTLS).Addr()
			}
			uid := appendMail(t, s, 1)
			status := &statusLog{}
			opts := baseOptions(addr, newRecorder().handle, &MemCursors{})
			opts.TLS, opts.TLSConfig = tt.mode, tt.clientTLS
			opts.OnStatus = status.on
			startRun(t, opts)

			if tt.wantErr == "" {
				eventually(t, "message marked", func() bool { return marked(t, s, uid) })
				return
			}
			eventually(t, "an error", func() bool { return status.get().LastError != "" })
			if got := status.get().LastError; !strings.Contains(got, tt.wantErr) {
				t.Errorf("LastError: got %q, want it to contain %q", got, tt.wantErr)
			}
		})
	}
}
