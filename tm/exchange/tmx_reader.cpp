// GCC 12 reports a false -Wrestrict in std::string concatenation inlined from
// tm::InputError's constructor (GCC bug 105651); it must be silenced before
// <string> is included.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "tm/exchange/tmx_reader.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>

#include "tm/error.h"
#include "tm/exchange/input_file.h"
#include "tm/exchange/xml_sax.h"
#include "tm/exchange/xml_text.h"

namespace alinea::tm {
namespace {

// A <tu> may hold at most this many times ReadOptions::max_segment_bytes in
// all (texts, markup, props, notes).
constexpr size_t kUnitSegments = 8;

enum class El { Tmx, Header, Body, Tu, Tuv, Seg, Inline, Prop, Note, Other };

bool is_inline(std::string_view n) {
  return n == "bpt" || n == "ept" || n == "it" || n == "ph" || n == "hi" || n == "ut" || n == "sub";
}
// Elements whose content is native code, not text.
bool is_code(std::string_view n) {
  return n == "bpt" || n == "ept" || n == "it" || n == "ph" || n == "ut";
}

class TmxSax final : public xml::SaxParser {
 public:
  TmxSax(const std::string& name, const ReadOptions& options, const UnitCallback& on_unit,
         ReadReport& report)
      : SaxParser(name), opt_(options), on_unit_(on_unit), report_(report) {}

  bool saw_root() const { return saw_root_; }

 private:
  void on_start(std::string_view name, const std::vector<Attr>& attrs) override {
    const El parent = stack_.empty() ? El::Other : stack_.back();
    if (stack_.empty()) {
      if (name != "tmx") {
        fail("root element is <" + std::string(name) + ">, not <tmx>: not a TMX file",
             tag_position());
        return;
      }
      for (const auto& a : attrs)
        if (a.name == "version" && a.prefix.empty() && !a.value.starts_with("1."))
          fail("unsupported TMX version " + std::string(a.value) + " (1.1 to 1.4 are read)",
               tag_position());
      saw_root_ = true;
      stack_.push_back(El::Tmx);
      return;
    }
    switch (parent) {
      case El::Tmx:
        stack_.push_back(name == "header" ? El::Header : name == "body" ? El::Body : El::Other);
        return;
      case El::Body:
        if (name == "tu") {
          begin_tu(attrs);
          stack_.push_back(El::Tu);
        } else {
          stack_.push_back(El::Other);
        }
        return;
      case El::Tu:
      case El::Tuv:
        if (name == "prop" || name == "note") {
          field_.clear();
          prop_type_.clear();
          for (const auto& a : attrs)
            if (a.name == "type" && a.prefix.empty()) prop_type_ = a.value;
          stack_.push_back(name == "prop" ? El::Prop : El::Note);
        } else if (parent == El::Tu && name == "tuv") {
          begin_tuv(attrs);
          stack_.push_back(El::Tuv);
        } else if (parent == El::Tuv && name == "seg") {
          seg_text_.clear();
          seg_markup_.clear();
          seg_has_markup_ = false;
          code_depth_ = 0;
          open_.clear();
          stack_.push_back(El::Seg);
        } else {
          stack_.push_back(El::Other);
        }
        return;
      case El::Seg:
      case El::Inline:
        begin_inline(name, attrs);
        stack_.push_back(El::Inline);
        return;
      case El::Prop:
      case El::Note:
        mark_bad("element <" + std::string(name) + "> inside <" +
                     (parent == El::Prop ? "prop" : "note") + ">",
                 tag_position());
        stack_.push_back(El::Other);
        return;
      default:
        stack_.push_back(El::Other);
    }
  }

  void on_end(std::string_view name) override {
    if (stack_.empty()) return;
    const El el = stack_.back();
    stack_.pop_back();
    switch (el) {
      case El::Tu:
        end_tu();
        break;
      case El::Tuv:
        end_tuv();
        break;
      case El::Seg:
        count_bytes(seg_text_.size() + seg_markup_.size());
        end_seg();
        break;
      case El::Inline:
        end_inline(name);
        break;
      case El::Prop:
        count_bytes(field_.size() + prop_type_.size());
        end_prop();
        break;
      case El::Note:
        count_bytes(field_.size());
        end_note();
        break;
      default:
        break;
    }
  }

  void on_text(std::string_view text) override {
    if (stack_.empty() || bad_) return;
    switch (stack_.back()) {
      case El::Seg:
      case El::Inline:
        if (code_depth_ == 0) seg_text_ += text;
        // Markup is only built once the seg turns out to have inline
        // elements (see begin_inline): most segs are plain text.
        if (seg_has_markup_) xml::append_escaped(seg_markup_, text, false);
        if (std::max(seg_text_.size(), seg_markup_.size()) > opt_.max_segment_bytes)
          mark_bad("segment longer than " + std::to_string(opt_.max_segment_bytes) + " bytes",
                   position());
        return;
      case El::Prop:
      case El::Note:
        field_ += text;
        if (field_.size() > opt_.max_segment_bytes)
          mark_bad("prop or note longer than " + std::to_string(opt_.max_segment_bytes) + " bytes",
                   position());
        return;
      default:
        return;
    }
  }

  void drain() override {
    while (!ready_.empty()) {
      TranslationUnit u = std::move(ready_.front());
      ready_.pop_front();
      ++report_.units;
      on_unit_(std::move(u));
    }
  }

  // --- tu ---------------------------------------------------------------
  void begin_tu(const std::vector<Attr>& attrs) {
    unit_ = TranslationUnit{};
    bad_ = false;
    bad_message_.clear();
    have_source_ = have_target_ = false;
    extra_ = false;
    unit_bytes_ = 0;
    tuv_created_at_ = tuv_changed_at_ = 0;
    tuv_created_by_.clear();
    tuv_changed_by_.clear();
    tu_pos_ = tag_position();
    for (const auto& a : attrs) {
      if (!a.prefix.empty()) continue;
      if (a.name == "creationdate" || a.name == "changedate") {
        auto t = xml::parse_tmx_date(a.value);
        if (!t) {
          mark_bad(std::string(a.name) + " '" + std::string(a.value) +
                       "' is not a TMX date (YYYYMMDDThhmmssZ)",
                   tu_pos_);
          continue;
        }
        (a.name == "creationdate" ? unit_.created_at : unit_.changed_at) = *t;
      } else if (a.name == "creationid") {
        unit_.created_by = a.value;
      } else if (a.name == "changeid") {
        unit_.changed_by = a.value;
      }
    }
  }

  void end_tu() {
    if (unit_.created_at == 0) unit_.created_at = tuv_created_at_;
    if (unit_.changed_at == 0) unit_.changed_at = tuv_changed_at_;
    if (unit_.created_by.empty()) unit_.created_by = std::move(tuv_created_by_);
    if (unit_.changed_by.empty()) unit_.changed_by = std::move(tuv_changed_by_);
    if (!bad_ && !have_source_) mark_bad("<tu> has no Spanish (es) <tuv>", tu_pos_);
    if (!bad_ && !have_target_) mark_bad("<tu> has no English (en) <tuv>", tu_pos_);
    if (bad_) {
      const std::string where = name() + ":" + std::to_string(bad_pos_.line) + ":" +
                                std::to_string(bad_pos_.column) + ": ";
      if (!opt_.skip_bad) {
        fail(bad_message_, bad_pos_);
        return;
      }
      ++report_.skipped;
      report_.problems.push_back(where + bad_message_);
      return;
    }
    if (extra_) ++report_.extra_variants;
    ready_.push_back(std::move(unit_));
  }

  // Many props or notes of bounded size must not make one unit unbounded.
  void count_bytes(size_t n) {
    unit_bytes_ += n;
    const size_t limit = kUnitSegments * opt_.max_segment_bytes;
    if (unit_bytes_ > limit)
      mark_bad("<tu> larger than " + std::to_string(limit) + " bytes", position());
  }

  void mark_bad(const std::string& message, xml::Position pos) {
    if (bad_) return;
    bad_ = true;
    bad_message_ = xml::one_line(message);
    bad_pos_ = pos;
  }

  // --- tuv / seg ------------------------------------------------------------
  void begin_tuv(const std::vector<Attr>& attrs) {
    tuv_lang_.clear();
    seg_done_ = false;
    tuv_variant_ = nullptr;
    tuv_annotations_ = Annotations{};
    for (const auto& a : attrs) {
      // OmegaT and others date the translation on its <tuv>, not the <tu>:
      // used when the <tu> has none (the last <tuv> carrying one wins).
      if (a.prefix.empty() && (a.name == "creationdate" || a.name == "changedate")) {
        auto t = xml::parse_tmx_date(a.value);
        if (!t)
          mark_bad("<tuv> " + std::string(a.name) + " '" + std::string(a.value) +
                       "' is not a TMX date (YYYYMMDDThhmmssZ)",
                   tag_position());
        else
          (a.name == "creationdate" ? tuv_created_at_ : tuv_changed_at_) = *t;
      } else if (a.prefix.empty() && a.name == "creationid") {
        tuv_created_by_ = a.value;
      } else if (a.prefix.empty() && a.name == "changeid") {
        tuv_changed_by_ = a.value;
      }
      // xml:lang (TMX 1.4) wins over lang (1.1-1.3) when both are present.
      if (a.name == "lang" && a.prefix == "xml") tuv_lang_ = a.value;
      if (a.name == "lang" && a.prefix.empty() && tuv_lang_.empty()) tuv_lang_ = a.value;
    }
    if (tuv_lang_.empty()) mark_bad("<tuv> without xml:lang", tag_position());
  }

  void end_seg() {
    if (bad_) return;
    seg_done_ = true;
    const std::string primary = xml::primary_language(tuv_lang_);
    Variant* v = nullptr;
    if (primary == "es" && !have_source_) {
      v = &unit_.source;
      have_source_ = true;
    } else if (primary == "en" && !have_target_) {
      v = &unit_.target;
      have_target_ = true;
    } else {
      extra_ = true;
      return;
    }
    tuv_variant_ = v;
    v->lang = xml::normalize_lang(tuv_lang_);
    v->text = std::move(seg_text_);
    v->markup = seg_has_markup_ ? std::move(seg_markup_) : std::string();
    seg_text_.clear();
    seg_markup_.clear();
  }

  void end_tuv() {
    if (!seg_done_) mark_bad("<tuv> without <seg>", position());
    // The annotations of a <tuv> in a third language go with its text.
    if (tuv_variant_ == &unit_.source) unit_.source_annotations = std::move(tuv_annotations_);
    if (tuv_variant_ == &unit_.target) unit_.target_annotations = std::move(tuv_annotations_);
  }

  // Where the <prop> or <note> just closed belongs: its <tuv>, or the <tu>.
  bool in_tuv() const { return !stack_.empty() && stack_.back() == El::Tuv; }

  void begin_inline(std::string_view name, const std::vector<Attr>& attrs) {
    if (!is_inline(name)) {
      mark_bad("unknown element <" + std::string(name) + "> in <seg>", tag_position());
    } else if (static_cast<int>(open_.size()) >= opt_.max_inline_depth) {
      mark_bad("inline markup nested deeper than " + std::to_string(opt_.max_inline_depth),
               tag_position());
    }
    if (!seg_has_markup_) {
      // Until now the content was text only: it is the markup so far.
      seg_has_markup_ = true;
      xml::append_escaped(seg_markup_, seg_text_, false);
    }
    if (is_code(name)) ++code_depth_;
    if (bad_) {
      open_.push_back(0);
      return;
    }
    seg_markup_ += '<';
    seg_markup_ += name;
    for (const auto& a : attrs) {
      seg_markup_ += ' ';
      if (!a.prefix.empty()) {
        seg_markup_ += a.prefix;
        seg_markup_ += ':';
      }
      seg_markup_ += a.name;
      seg_markup_ += "=\"";
      xml::append_escaped(seg_markup_, a.value, true);
      seg_markup_ += '"';
    }
    seg_markup_ += '>';
    open_.push_back(seg_markup_.size());
  }

  void end_inline(std::string_view name) {
    if (is_code(name)) --code_depth_;
    const size_t after_start = open_.empty() ? 0 : open_.back();
    if (!open_.empty()) open_.pop_back();
    if (bad_) return;
    if (seg_markup_.size() == after_start) {
      seg_markup_.back() = '/';  // <ph x="1"></ph> and <ph x="1"/> read the same
      seg_markup_ += '>';
    } else {
      seg_markup_ += "</";
      seg_markup_ += name;
      seg_markup_ += '>';
    }
  }

  // --- prop / note ----------------------------------------------------------
  void end_prop() {
    if (bad_) return;
    const std::string& t = prop_type_;
    const std::string& v = field_;
    if (t == "x-document") {
      unit_.document = v;
    } else if (t == "x-position") {
      int64_t pos = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), pos);
      if (ec != std::errc() || p != v.data() + v.size())
        mark_bad("x-position '" + v + "' is not an integer", position());
      else
        unit_.position = pos;
    } else if (t == "x-confidence") {
      double c = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), c);
      if (ec != std::errc() || p != v.data() + v.size() || !(c >= 0.0 && c <= 1.0))
        mark_bad("x-confidence '" + v + "' is not a number in [0, 1]", position());
      else
        unit_.confidence = c;
    } else if (t == "x-status") {
      auto s = parse_status(v);
      if (!s)
        mark_bad("x-status '" + v + "' is not aligned, reviewed or rejected", position());
      else
        unit_.status = *s;
    } else if (t == "x-context-prev") {
      unit_.context_prev = v;
    } else if (t == "x-context-next") {
      unit_.context_next = v;
    } else {
      (in_tuv() ? tuv_annotations_.properties : unit_.properties).push_back(Property{t, v});
    }
  }

  void end_note() {
    if (bad_) return;
    std::string& note = in_tuv() ? tuv_annotations_.note : unit_.note;
    if (!note.empty()) note += '\n';
    note += field_;
  }

  const ReadOptions& opt_;
  const UnitCallback& on_unit_;
  ReadReport& report_;
  std::vector<El> stack_;
  std::deque<TranslationUnit> ready_;
  bool saw_root_ = false;

  TranslationUnit unit_;
  bool bad_ = false;
  std::string bad_message_;
  xml::Position bad_pos_;
  xml::Position tu_pos_;
  bool have_source_ = false, have_target_ = false, extra_ = false;
  size_t unit_bytes_ = 0;
  int64_t tuv_created_at_ = 0, tuv_changed_at_ = 0;
  std::string tuv_created_by_, tuv_changed_by_;

  std::string tuv_lang_;
  bool seg_done_ = false;
  Variant* tuv_variant_ = nullptr;  // the unit side this <tuv>'s <seg> filled
  Annotations tuv_annotations_;
  std::string seg_text_, seg_markup_;
  bool seg_has_markup_ = false;
  int code_depth_ = 0;
  std::vector<size_t> open_;  // markup size right after each open inline start tag

  std::string field_, prop_type_;
};

}  // namespace

ReadReport read_tmx(std::istream& in, const std::string& name, const ReadOptions& options,
                    const UnitCallback& on_unit) {
  ReadReport report;
  TmxSax sax(name, options, on_unit, report);
  sax.parse(in, 0, options.progress);
  if (!sax.saw_root()) throw InputError(name, "no <tmx> element: not a TMX file");
  return report;
}

ReadReport read_tmx(const std::string& path, const ReadOptions& options,
                    const UnitCallback& on_unit) {
  InputFile file = open_input_file(path);
  ReadReport report;
  TmxSax sax(path, options, on_unit, report);
  sax.parse(file.stream, file.size, options.progress);
  if (!sax.saw_root()) throw InputError(path, "no <tmx> element: not a TMX file");
  return report;
}

}  // namespace alinea::tm
