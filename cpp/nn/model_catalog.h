#pragma once
// Config names, display names, one-line descriptions and citations of the model's building
// blocks (activations, initialisations, losses, LayerNorm and residual connections).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "nn/activation.h"
#include "nn/init.h"
#include "nn/loss.h"

namespace descent {

template <class E>
struct ModelPartInfo {
  E value;
  std::string name;         // config name, e.g. "leaky_relu"
  std::string title;        // display name, e.g. "Leaky ReLU"
  std::string description;  // one line
  Citation citation;        // empty title when there is no single source
};
using ActivationInfo = ModelPartInfo<Activation>;
using InitInfo = ModelPartInfo<InitScheme>;
using LossInfo = ModelPartInfo<LossKind>;

// Boolean model features (the "layer_norm", "residual" and "random_features" model parameters).
struct ModelFeatureInfo {
  std::string name;  // "layer_norm", "residual", "random_features"
  std::string title;
  std::string description;
  Citation citation;
};

// In enum order.
const std::vector<ActivationInfo>& activation_catalog();
const std::vector<InitInfo>& init_catalog();
const std::vector<LossInfo>& loss_catalog();
const std::vector<ModelFeatureInfo>& model_feature_catalog();

// Config name <-> enum. parse_* returns nullopt for an unknown name (names are exact,
// lower case).
std::optional<Activation> parse_activation(const std::string& name);
std::optional<InitScheme> parse_init(const std::string& name);
std::optional<LossKind> parse_loss(const std::string& name);
const char* name(Activation a);
const char* name(InitScheme s);
const char* name(LossKind k);
std::vector<std::string> activation_names();
std::vector<std::string> init_names();
std::vector<std::string> loss_names();

// {"activations": [...], "inits": [...], "losses": [...], "features": [...]}, entries shaped
// like every catalog entry (name, title, description, citation, params: []).
nlohmann::json model_catalog_json();

}  // namespace descent
