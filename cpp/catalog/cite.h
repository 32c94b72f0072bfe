#pragma once
// The one way the catalogs (functions, models, diagnostics, demos) write down a paper.
#include <string>
#include <utility>

#include "catalog/spec.h"

namespace descent {

// A paper: its title, its authors ("Kingma, Ba"), its year and its venue ("ICLR 2015",
// "arXiv:2402.01234"; may be empty).
inline Citation cite(std::string title, std::string authors, int year, std::string venue) {
  Citation c;
  c.title = std::move(title);
  c.authors = std::move(authors);
  c.year = year;
  c.venue = std::move(venue);
  return c;
}

}  // namespace descent
