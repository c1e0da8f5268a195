// alinea review DOC: the review workbench for one stored document, served on
// 127.0.0.1 until Ctrl+C.
#include <pthread.h>
#include <signal.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/review_server.h"
#include "cli/tm_open.h"
#include "cli/workbench.h"
#include "tm/error.h"

namespace alinea::cli {

void run_workbench(const WorkbenchOptions& opt, const Context& ctx) {
  // Ctrl+C or SIGTERM from here on stops the server cleanly (ReviewServer
  // takes them in a thread of its own), even while it is still starting.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  tm::Store store = open_tm_for_writing(ctx);
  if (!store.document(opt.document))
    throw tm::NotFoundError(store.path() + ": no document named '" + opt.document +
                            "' (alinea docs lists them; store one with alinea align ... --doc " +
                            opt.document + ")");
  Workbench bench(store, opt.document);
  ReviewServer server(bench, {opt.listen, opt.port});
  // The address goes to stdout alone, so that scripts can read it.
  std::cout << server.url() << std::endl;
  ctx.info("reviewing document '" + opt.document + "' from " + store.path() +
           ": open the address above in a browser; every change is saved at once. Ctrl+C stops.");
  server.run();
  ctx.info("review server stopped");
}

}  // namespace alinea::cli
