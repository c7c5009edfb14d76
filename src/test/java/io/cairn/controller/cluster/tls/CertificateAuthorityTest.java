package io.cairn.controller.cluster.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertificateParsingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void addressesBecomeIpEntriesOfTheSubjectAlternativeNamesAndTheRestDnsNames() throws CertificateParsingException {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", NOW, Duration.ofDays(1));
        var issued =
                ca.issueServer(List.of("store.example", "127.0.0.1", "::1", "10.244.0.1"), NOW, Duration.ofDays(1));
        // type 2 = dNSName, 7 = iPAddress (RFC 5280); the JDK prints addresses in full form
        assertThat(issued.certificate().getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "store.example"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"),
                        List.of(7, "10.244.0.1"));
        assertThat(issued.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=store.example");
    }
}
