/**
 * Cairn as a CNPG-I host: the client side of CloudNativePG's plugin interface (the gRPC services of
 * {@code github.com/cloudnative-pg/cnpg-i}, whose Java stubs the build generates into {@code cnpgi.*.v1}). What both the
 * operator and the instance manager need to reach a plugin lives here: the mutual TLS of a plugin Service
 * ({@link io.cairn.plugin.PluginTls}), the connection ({@link io.cairn.plugin.PluginConnection}), what a plugin says it
 * is and can do ({@link io.cairn.plugin.PluginDescription}) and the calls Cairn makes. It depends on nothing else of
 * Cairn. See docs/plugins.md.
 */
package io.cairn.plugin;
