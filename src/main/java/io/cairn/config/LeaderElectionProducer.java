package io.cairn.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Leader election for the operator SDK. The Quarkus Operator SDK uses it in the prod profile only
 * ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}), so in-JVM tests run without it.
 */
public class LeaderElectionProducer {

    @Produces
    @ApplicationScoped
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        OperatorConfig.LeaderElection election = config.leaderElection();
        String identity = election.identity()
                .orElseGet(() -> hostName() + "-" + ProcessHandle.current().pid());
        return new LeaderElectionConfiguration(
                election.leaseName(),
                election.leaseNamespace(),
                election.leaseDuration(),
                election.renewDeadline(),
                election.retryPeriod(),
                identity,
                null,
                true);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "cairn";
        }
    }
}
