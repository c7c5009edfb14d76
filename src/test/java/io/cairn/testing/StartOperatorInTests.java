package io.cairn.testing;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** In tests there is no {@code cairn operator} command line, so the operator starts with the application. */
@ApplicationScoped
public class StartOperatorInTests {

    void start(@Observes StartupEvent event, Operator operator) {
        operator.start();
    }
}
