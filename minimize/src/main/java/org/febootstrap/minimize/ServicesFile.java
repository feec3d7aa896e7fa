package org.febootstrap.minimize;

import java.nio.charset.StandardCharsets;

/**
 * The short etc/services that replaces the full one when services are dropped: the common
 * services 2.x kept, with their IANA ports, in services(5) format. Less common services have to
 * be named by port number.
 */
final class ServicesFile {
    static final String TEXT = """
            # /etc/services, shortened by febootstrap-minimize: the common services only.
            # Format: name port/protocol [aliases...] (see services(5)).
            tcpmux		1/tcp
            echo		7/tcp
            echo		7/udp
            discard		9/tcp		sink null
            discard		9/udp		sink null
            ftp		21/tcp
            ssh		22/tcp
            telnet		23/tcp
            smtp		25/tcp		mail
            time		37/tcp		timserver
            time		37/udp		timserver
            nameserver	42/tcp		name
            nameserver	42/udp		name
            domain		53/tcp
            domain		53/udp
            bootps		67/udp
            bootpc		68/udp
            tftp		69/udp
            finger		79/tcp
            http		80/tcp		www
            kerberos	88/tcp		kerberos5 krb5 kerberos-sec
            kerberos	88/udp		kerberos5 krb5 kerberos-sec
            pop3		110/tcp		pop-3
            sunrpc		111/tcp		portmapper
            sunrpc		111/udp		portmapper
            auth		113/tcp		authentication tap ident
            ntp		123/udp
            imap		143/tcp		imap2
            snmp		161/tcp
            snmp		161/udp
            snmptrap	162/tcp		snmp-trap
            snmptrap	162/udp		snmp-trap
            """;

    static final byte[] BYTES = TEXT.getBytes(StandardCharsets.US_ASCII);

    private ServicesFile() {}
}
