/**
 * Parley's wire format, shared by the server, the client library and the load generator.
 *
 * <p>Every frame is a 4-byte big-endian unsigned length N followed by N bytes of UTF-8 JSON:
 *
 * <pre>
 * +--------+--------+--------+--------+------------------------------------------+
 * |  length N (uint32, big-endian)     |  N bytes: {"type":"...","data":"..."}     |
 * +--------+--------+--------+--------+------------------------------------------+
 *
 * Worked example: a tutorial client logging in as user 100 with password 123456
 *   00 00 00 56                                       N = 86
 *   {"type":"LoginMes","data":"{\"userId\":100,\"userPwd\":\"123456\",\"userName\":\"\"}"}
 * </pre>
 *
 * <p>{@code data} is a JSON <em>string</em> holding the inner JSON object (double-encoded), exactly
 * as the tutorial's Go client and server write it, so that those clients talk to Parley unchanged.
 * The six seed types ({@code RegisterMes}, {@code RegisterResMes}, {@code LoginMes},
 * {@code LoginResMes}, {@code NotifyUserStatusMes}, {@code SmsMes}) keep their exact keys;
 * everything Parley adds is a new type in the same envelope, sent only to connections that opened
 * with {@code HelloMes}. The full catalogue is in {@code docs/protocol.md}.
 */
package io.parley.protocol;
