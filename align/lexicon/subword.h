// A joint Spanish+English SentencePiece unigram model: subword ids for
// scoring pairs of sentences whose words the lexicon does not know.
//
//   train_subword_model({"es.txt", "en.txt"}, "out/subwords", 4000,
//                       "debian-reference es+en, FreeDict text");
//   // -> out/subwords.model, out/subwords.vocab, out/subwords.model.json
//   SubwordModel m = SubwordModel::load("out/subwords.model");
//   std::vector<int> ids = m.encode_ids("Las tomas de terreno");
//
// The `.model.json` sidecar records what the model was trained on (files
// with their sizes, vocabulary size, the caller's description); SentencePiece
// also keeps the input file names in the model's own trainer_spec.
// A SubwordModel is immutable after load; encode_ids is safe to call from
// several threads (SentencePieceProcessor::Encode is const).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::align {

class SubwordModel {
 public:
  // Throws ResourceError naming the file when it cannot be loaded.
  static SubwordModel load(const std::string& path);
  // The same from the model file's bytes already in memory; `name` names
  // them in errors.
  static SubwordModel from_bytes(std::string_view bytes, const std::string& name);
  ~SubwordModel();
  SubwordModel(SubwordModel&&) noexcept;
  SubwordModel& operator=(SubwordModel&&) noexcept;

  // Piece ids of valid UTF-8 text (SentencePiece's NFKC normalisation
  // applies); throws InputError on invalid UTF-8.
  std::vector<int> encode_ids(std::string_view text) const;
  // The pieces themselves ("▁tom", "as"), for people and tests.
  std::vector<std::string> encode_pieces(std::string_view text) const;
  size_t piece_count() const;

 private:
  struct Impl;
  explicit SubwordModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where train_subword_model() records the training inputs for `prefix`.
std::string subword_info_path(const std::string& model_prefix);

// Trains a unigram model on the lines of `text_files` (UTF-8, one sentence
// or paragraph a line) and writes `model_prefix`.model / .vocab / .model.json.
// `vocab_size` is an upper bound: small texts get fewer pieces instead of an
// error. Throws ResourceError when training fails (SentencePiece's status
// message included) or when a file name contains a comma (SentencePiece
// separates its inputs with commas).
void train_subword_model(const std::vector<std::string>& text_files,
                         const std::string& model_prefix, int vocab_size,
                         const std::string& description);

}  // namespace alinea::align
