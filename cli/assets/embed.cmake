# Turns a text file into a C++ source holding it as a string_view, so the
# pages the server sends live in the binary (no files to install, no CDN).
#   cmake -DINPUT=page.html -DOUTPUT=page.cpp -DSYMBOL=kPage -P embed.cmake
file(READ "${INPUT}" content)
string(FIND "${content}" ")alinea_asset\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cli/assets/embed.cmake: do not edit.\n"
  "#include <string_view>\n"
  "namespace alinea::cli::assets {\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL} = R\"alinea_asset(${content})alinea_asset\";\n"
  "}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
