package io.cairn.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Leader election for the operator SDK. The Quarkus Operator SDK uses it in the prod profile only
 * ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}), so in-JVM tests run without it.
 */
public class LeaderElectionProducer {

    @Produces
    @ApplicationScoped
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        OperatorConfig.LeaderElection election = config.leaderElection();
        return new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace(),
                election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
    }
}
