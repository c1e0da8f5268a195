#define BOOST_TEST_MODULE alinea reliability
#include <boost/test/unit_test.hpp>
