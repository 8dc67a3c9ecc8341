package io.parley.server.metrics;

import io.parley.server.store.GroupStore;
import io.parley.server.store.MessageStore;
import io.parley.server.store.PresenceStore;
import io.parley.server.store.SessionStore;
import io.parley.server.store.Stores;
import io.parley.server.store.UserStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The stores with every asynchronous call timed into {@link ServerMetrics#storeCall}: from the call to the
 * completion of its future, which is what a request waits for, whichever thread does the work. One proxy per
 * store interface, so that a new store method is timed without a line here.
 */
public final class TimedStores {
    private TimedStores() {}

    public static Stores wrap(Stores stores, ServerMetrics metrics) {
        return new Stores(
                stores.description(),
                timed(UserStore.class, "users", stores.users(), metrics),
                timed(MessageStore.class, "messages", stores.messages(), metrics),
                timed(GroupStore.class, "groups", stores.groups(), metrics),
                timed(PresenceStore.class, "presence", stores.presence(), metrics),
                timed(SessionStore.class, "sessions", stores.sessions(), metrics),
                stores.backend());
    }

    static <T> T timed(Class<T> type, String store, T target, ServerMetrics metrics) {
        Map<Method, ServerMetrics.StoreTimer> timers = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
                timers.put(method, metrics.storeTimer(store, method.getName()));
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            ServerMetrics.StoreTimer timer = timers.get(method);
            if (timer == null) {
                return method.getDeclaringClass() == Object.class
                        ? objectMethod(self, method, args, target)
                        : invoke(method, target, args);
            }
            long start = System.nanoTime();
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                timer.record(System.nanoTime() - start, true);
                throw e.getCause();
            }
            // whenComplete on the original: the caller's chain is unchanged, the timing rides along.
            var unused = ((CompletableFuture<?>) result)
                    .whenComplete((value, error) -> timer.record(System.nanoTime() - start, error != null));
            return result;
        });
        return type.cast(proxy);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object objectMethod(Object self, Method method, Object[] args, Object target) {
        return switch (method.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            default -> "timed " + target;
        };
    }
}
