#include "cli/query_language.h"

#include "cli/lexicon_access.h"

namespace alinea::cli {

QueryLanguage decide_query_language(const tm::Store& /*store*/, std::string_view query,
                                    const LexiconAccess* lexicon, const std::string& forced) {
  if (!forced.empty()) return {{forced}, "given with --lang"};
  return {{guess_term_language(query, lexicon)}, "guessed from the text"};
}

}  // namespace alinea::cli
