#define BOOST_TEST_MODULE alinea_tm_exchange
#include <boost/test/unit_test.hpp>
