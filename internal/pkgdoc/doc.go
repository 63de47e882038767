// Package pkgdoc holds no code. Its test, TestPackageDocs, walks every Go
// package of the module and fails naming each one without a package doc
// comment, or whose comment does not begin as the house style wants:
// "Package name …" for a library, "Command name …" for a program.
package pkgdoc
