package io.parley.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.MessageEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test fixture, not a stand-in for Parley's server: a real TCP listener on a loopback port that speaks
 * Parley's frames, records every message a client sends, and answers only what each test scripts. It
 * exists to prove client-side behaviour (correlation, de-duplication, receipts, the legacy opening).
 */
public final class ScriptedServer implements AutoCloseable {
    /** What the server does with each message it receives; runs on the server's event loop. */
    @FunctionalInterface
    public interface Script {
        void onMessage(Peer peer, ClientMessage message);
    }

    static final MessageCodec<ClientMessage, ServerMessage> CODEC = MessageCodec.server();
    private static final long WAIT_SECONDS = 5;

    private final EventLoopGroup group;
    private final Channel listener;
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    private ScriptedServer(Script script) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Peer peer = new Peer(ch);
                        ch.pipeline()
                                .addLast(Frames.decoder(Frames.DEFAULT_MAX_BODY))
                                .addLast(new MessageDecoder<>(CODEC))
                                .addLast(new MessageEncoder<>(CODEC, ServerMessage.class))
                                .addLast(new SimpleChannelInboundHandler<ClientMessage>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        peers.add(peer);
                                        accepted.add(peer);
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ClientMessage msg) {
                                        peer.received.add(msg);
                                        script.onMessage(peer, msg);
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    public static ScriptedServer start(Script script) throws InterruptedException {
        return new ScriptedServer(script);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Where the server listens, for clients given a list of servers. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The next connection the server accepted. */
    public Peer nextPeer() throws InterruptedException {
        Peer peer = accepted.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("no client connected within " + WAIT_SECONDS + " s");
        }
        return peer;
    }

    /** Stops listening and closes every connection, as a server that goes away does. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        peers.forEach(peer -> peer.channel.close().syncUninterruptibly());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One accepted connection. */
    public static final class Peer {
        private final Channel channel;
        private final BlockingQueue<ClientMessage> received = new LinkedBlockingQueue<>();

        Peer(Channel channel) {
            this.channel = channel;
        }

        /** The next message the client sent. */
        public ClientMessage next() throws InterruptedException {
            ClientMessage message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("the client sent nothing within " + WAIT_SECONDS + " s");
            }
            return message;
        }

        /** The next message the client sent, which must be a {@code type}. */
        public <T extends ClientMessage> T next(Class<T> type) throws InterruptedException {
            ClientMessage message = next();
            if (!type.isInstance(message)) {
                throw new AssertionError("expected " + type.getSimpleName() + " but the client sent " + message);
            }
            return type.cast(message);
        }

        /** Writes all {@code messages} and flushes once, so they reach the client as one burst. */
        public void send(ServerMessage... messages) {
            // A write that fails shows in the test as a reply the client never got.
            for (ServerMessage m : messages) {
                var unused = channel.write(m);
            }
            channel.flush();
        }

        /** Writes one frame whose body is {@code body} as given, valid or not. */
        public void sendRawBody(byte[] body) {
            // A write that fails shows in the test as a reply the client never got.
            var unused = channel.writeAndFlush(channel.alloc()
                    .buffer(4 + body.length)
                    .writeInt(body.length)
                    .writeBytes(body));
        }

        public void close() {
            var unused = channel.close(); // what the client sees of it is what the test checks
        }

        public boolean isOpen() {
            return channel.isOpen();
        }
    }
}
