package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CloudNativePG's CRDs, samples and e2e fixtures, kept outside the repository as data ({@code ../shared/reference/cnpg}
 * next to the checkout, or {@code $CAIRN_CNPG_REFERENCE}). Tests read them; they are not copied here.
 */
public final class CnpgReference {

    /** Where our workspace keeps it, for clones made elsewhere (e.g. a scratch directory). */
    private static final Path WORKSPACE_REFERENCE = Path.of("/work/shared/reference/cnpg");

    private CnpgReference() {}

    public static Path root() {
        String configured = System.getenv("CAIRN_CNPG_REFERENCE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference/cnpg");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        if (Files.isDirectory(WORKSPACE_REFERENCE)) {
            return WORKSPACE_REFERENCE;
        }
        throw new IllegalStateException("CloudNativePG reference data not found: set CAIRN_CNPG_REFERENCE to the "
                + "directory holding crds/, samples/ and e2e-fixtures/");
    }

    public static Path crd(String plural) {
        return root().resolve("crds/postgresql.cnpg.io_" + plural + ".yaml");
    }

    /** Every sample manifest and e2e fixture, templates included. */
    public static List<Path> manifests() {
        try (Stream<Path> samples = Files.walk(root().resolve("samples"));
                Stream<Path> fixtures = Files.walk(root().resolve("e2e-fixtures"))) {
            return Stream.concat(samples, fixtures)
                    .filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yaml.template"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Substitutes the e2e templates' {@code ${VARS}} the way CloudNativePG's e2e suite would on a test cluster. */
    public static String render(Path manifest) {
        try {
            String text = Files.readString(manifest);
            return text.replace("${E2E_DEFAULT_STORAGE_CLASS}", "standard")
                    .replace("${E2E_CSI_STORAGE_CLASS}", "csi-hostpath-sc")
                    .replace("${E2E_DEFAULT_VOLUMESNAPSHOT_CLASS}", "csi-hostpath-snapclass");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
