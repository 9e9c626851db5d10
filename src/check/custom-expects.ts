/** The custom expect functions of the protocol checks (tcpcheck.c): MySQL, LDAP and agent replies. */
import { cstring } from './expect.js';
import type { CustomExpect, CustomResult } from './rules.js';

const WAIT: CustomResult = { kind: 'wait' };

function mysqlPacket(buf: Buffer, offset: number, lastRead: boolean, isLast: boolean, ok?: string): CustomResult {
  if (buf.length < offset + 4) return lastRead ? { kind: 'done', status: 'L7RSP', desc: '', code: 0, stop: true } : WAIT;
  const plen = buf[offset]! + (buf[offset + 1]! << 8) + (buf[offset + 2]! << 16);
  if (buf.length < offset + plen + 4) return lastRead ? { kind: 'done', status: 'L7RSP', desc: '', code: 0, stop: true } : WAIT;
  if (buf[offset + 4] === 0xff) {
    const err = buf[offset + 5]! + (buf[offset + 6]! << 8);
    return { kind: 'done', status: 'L7STS', desc: cstring(buf.subarray(offset + 7)), code: err, stop: true };
  }
  if (!isLast) return { kind: 'continue' };
  return { kind: 'done', status: (ok as 'L7OK' | undefined) ?? 'L7OK', desc: cstring(buf.subarray(5)), code: 0, stop: false };
}

/** The server's initial handshake packet. */
export const mysqlInitialHandshake: CustomExpect = (buf, lastRead, rule, isLast) => mysqlPacket(buf, 0, lastRead, isLast, rule.okStatus);

/** The OK packet after the authentication packet. */
export const mysqlOk: CustomExpect = (buf, lastRead, rule, isLast) => {
  if (buf.length < 3) return lastRead ? { kind: 'done', status: 'L7RSP', desc: '', code: 0, stop: true } : WAIT;
  const hslen = 4 + buf[0]! + (buf[1]! << 8) + (buf[2]! << 16);
  return mysqlPacket(buf, hslen, lastRead, isLast, rule.okStatus);
};

/** The LDAPv3 bind response. */
export const ldapBindResponse: CustomExpect = (buf) => {
  const notLdap: CustomResult = { kind: 'done', status: 'L7RSP', desc: 'Not LDAPv3 protocol', code: 0, stop: true };
  let msglen = (buf[1]! & 0x80) !== 0 ? buf[1]! & 0x7f : 0;
  if (msglen > 2 || !buf.subarray(2 + msglen, 6 + msglen).equals(Buffer.from([0x02, 0x01, 0x01, 0x61]))) return notLdap;
  const b6 = buf[msglen + 6] ?? 0;
  msglen += (b6 & 0x80) !== 0 ? b6 & 0x7f : 0;
  if (msglen > 4 || !buf.subarray(7 + msglen, 9 + msglen).equals(Buffer.from([0x0a, 0x01]))) return notLdap;
  const code = buf[msglen + 9] ?? 0;
  if (code !== 0) return { kind: 'done', status: 'L7STS', desc: 'See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9', code, stop: true };
  return { kind: 'done', status: 'L7OK', desc: 'Success', code: 0, stop: false };
};

/** The agent's reply: one line, read until CR/LF (or the end); interpreted by agent-reply.ts. */
export const agentReply: CustomExpect = (buf, lastRead) => {
  let i = 0;
  while (i < buf.length && buf[i] !== 0 && buf[i] !== 0x0a && buf[i] !== 0x0d) i++;
  if (i >= buf.length || buf[i] === 0) {
    if (!lastRead) return WAIT;
    return { kind: 'done', status: 'CHECKED', desc: '', code: 0, stop: false, raw: '\0incomplete' };
  }
  return { kind: 'done', status: 'CHECKED', desc: '', code: 0, stop: false, raw: buf.toString('latin1', 0, i) };
};
