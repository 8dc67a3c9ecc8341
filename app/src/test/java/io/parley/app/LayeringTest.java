package io.parley.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.parley.server.service.Administration;
import io.parley.server.service.ChatService;
import io.parley.server.service.ClientSession;
import io.parley.server.service.Link;
import io.parley.server.service.SharedMessage;
import io.parley.server.service.SharedRun;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The layering of Parley's production code, checked on the compiled classes of every module (the app depends on
 * all of them, so its tests see them all; jmh's benchmarks are not production code). docs/architecture.md draws
 * the same picture. A rule that fails names each offending dependency with its source line.
 */
@AnalyzeClasses(packages = "io.parley", importOptions = LayeringTest.ProductionCode.class)
class LayeringTest {
    private static final String SERVICE = "io.parley.server.service..";
    private static final String STORE = "io.parley.server.store..";
    private static final String CLUSTER = "io.parley.server.cluster..";

    /** The chat logic and the cluster's messaging know nothing of the network library. */
    @ArchTest
    static final ArchRule serviceAndClusterDoNotUseNetty = noClasses()
            .that()
            .resideInAnyPackage(SERVICE, CLUSTER)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.netty..")
            .because("Netty stays in transport (and in protocol's netty codec): the service is reached through Link");

    /** Nor does storage, but for the future Lettuce's ClientResources.shutdown returns, which is Netty's. */
    @ArchTest
    static final ArchRule storeDoesNotUseNetty = noClasses()
            .that()
            .resideInAPackage(STORE)
            .should()
            .dependOnClassesThat(
                    resideInAPackage("io.netty..").and(not(belongToAnyOf(io.netty.util.concurrent.Future.class))))
            .because("Netty stays in transport; the Redis client runs on Netty, but the stores use only its API");

    /** Storage is the bottom layer: the service and the cluster use it, never the other way round. */
    @ArchTest
    static final ArchRule storeDoesNotUseServiceOrCluster = noClasses()
            .that()
            .resideInAPackage(STORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVICE, CLUSTER)
            .because("the stores are the layer every other one builds on");

    /** The wire format is shared by server, client and bench, so it depends on none of them. */
    @ArchTest
    static final ArchRule protocolUsesNothingElseOfOurs = noClasses()
            .that()
            .resideInAPackage("io.parley.protocol..")
            .should()
            .dependOnClassesThat(resideInAPackage("io.parley..").and(not(resideInAPackage("io.parley.protocol.."))))
            .because("the protocol module is the one every other module shares");

    @ArchTest
    static final ArchRule serverDoesNotUseTheClient = noClasses()
            .that()
            .resideInAPackage("io.parley.server..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.parley.client..")
            .because("the server speaks the protocol; the client library is for the other end");

    @ArchTest
    static final ArchRule serviceNeverSeesASocket = noClasses()
            .that()
            .resideInAPackage(SERVICE)
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(Socket.class, ServerSocket.class, SocketChannel.class, ServerSocketChannel.class)
            .because("a connection reaches the service as a Link, whatever carries it");

    /** The seam a second transport (WebSocket) plugs into: these five types and nothing else of the service. */
    @ArchTest
    static final ArchRule transportUsesTheServiceOnlyThroughItsSeam = noClasses()
            .that()
            .resideInAPackage("io.parley.server.transport..")
            .should()
            .dependOnClassesThat(resideInAPackage(SERVICE)
                    .and(not(belongToAnyOf(
                            ChatService.class, ClientSession.class, Link.class, SharedMessage.class, SharedRun.class))))
            .because("the transport depends on the service only through ChatService, ClientSession, Link,"
                    + " SharedMessage and SharedRun");

    /** The admin listener acts on users through the operator's seam, as the transport does through its own. */
    @ArchTest
    static final ArchRule adminUsesTheServiceOnlyThroughAdministration = noClasses()
            .that()
            .resideInAPackage("io.parley.server.admin..")
            .should()
            .dependOnClassesThat(resideInAPackage(SERVICE).and(not(belongToAnyOf(Administration.class))))
            .because("the admin listener reaches the service through Administration only");

    /** Main classes only: not test classes, whether in a test-classes folder or a module's test jar. */
    static final class ProductionCode implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }
}
