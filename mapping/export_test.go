package mapping

// Texts is texts, for the tests of package mapping_test.
var Texts = texts
