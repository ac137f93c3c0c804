package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// jwksServer publishes key under kid as a JWKS.
func jwksServer(t *testing.T, kid string, key *rsa.PrivateKey) *httptest.Server {
	t.Helper()
	b64 := base64.RawURLEncoding.EncodeToString
	body := `{"keys":[{"kty":"RSA","kid":"` + kid + `","use":"sig","alg":"RS256","n":"` +
		b64(key.N.Bytes()) + `","e":"` + b64(big.NewInt(int64(key.E)).Bytes()) + `"}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func signRS256(t *testing.T, key *rsa.PrivateKey, kid string, c auth.Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJWKS_Authenticate(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	srv := jwksServer(t, "k1", key)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	now := time.Now()
	j, err := auth.NewJWKS(ctx, srv.URL, func() time.Time { return now })
	if err != nil {
		t.Fatalf("NewJWKS: %v", err)
	}
	claims := auth.Claims{RegisteredClaims: jwt.RegisteredClaims{Subject: "emp-7", ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
		Issuer: auth.DefaultIssuer, Audience: jwt.ClaimStrings{auth.DefaultAudience}},
		Roles: []string{"LEGAL"}, OrgUnit: "HQ-LEGAL"}
	expired := claims
	expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute))
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	hsToken, _ := hs.SignedString([]byte("a-shared-secret-that-is-long-enough-000"))

	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"a token signed with the published key is accepted", signRS256(t, key, "k1", claims), true},
		{"a token signed with another key is refused", signRS256(t, other, "k1", claims), false},
		{"an unknown key id is refused", signRS256(t, key, "k2", claims), false},
		{"an expired token is refused", signRS256(t, key, "k1", expired), false},
		{"an HS256 token is refused when keys come from a JWKS", hsToken, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			actor, err := j.Authenticate(tt.token)
			if (err == nil) != tt.ok {
				t.Fatalf("Authenticate() error = %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && (actor.EmployeeID != "emp-7" || !actor.Has(domain.RoleLegal) || actor.OrgUnitID != "HQ-LEGAL") {
				t.Errorf("Authenticate() = %+v, want emp-7 as LEGAL in HQ-LEGAL", actor)
			}
		})
	}
	if _, err := j.Issue(domain.Actor{EmployeeID: "x", Roles: []domain.Role{domain.RoleGM}}, time.Hour); err == nil {
		t.Errorf("Issue() on a JWKS authenticator: want an error, it cannot sign")
	}
}
