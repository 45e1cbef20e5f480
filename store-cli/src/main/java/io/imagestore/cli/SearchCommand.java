package io.imagestore.cli;

import io.imagestore.api.wire.ImageSearchResultDto;
import io.imagestore.registry.RegistrySearch;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code imagestore search}: repositories of a registry whose name contains a term. */
@Command(name = "search",
        header = "List the repositories of a registry whose name contains TERM.",
        description = "The OCI distribution API has no search endpoint: this reads the registry's catalog "
                + "(GET /v2/_catalog, every page) and keeps the names containing TERM, ignoring case. Registries "
                + "that do not publish their catalog (Docker Hub, most public registries) cannot be searched. "
                + "JSON output is an array of the daemon's ImageSearchResultDto.")
final class SearchCommand implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Parameters(index = "0", paramLabel = "TERM", description = "Text the repository name must contain.")
    private String term;

    @Option(names = "--registry", paramLabel = "HOST", required = true,
            description = "The registry to search, e.g. 127.0.0.1:5000 or registry.example.com.")
    private String registry;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.TableOrJson.class,
            description = "table (default) or json.")
    private Format format = Format.TABLE;

    @Mixin
    private RegistryFlags flags;

    @Override
    public Integer call() {
        Output output = imagestore.output();
        List<ImageSearchResultDto> results = output.withProgress("Reading the catalog of " + registry,
                () -> new RegistrySearch(flags.options(imagestore.environment())).search(registry, term));
        if (format == Format.JSON) {
            output.wire(results);
            return ExitStatus.OK.code();
        }
        Table table = new Table("NAME");
        for (ImageSearchResultDto result : results) {
            table.row(registry + "/" + result.name());
        }
        table.print(output.out());
        return ExitStatus.OK.code();
    }
}
