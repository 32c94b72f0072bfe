#include "nn/model_catalog.h"

#include "catalog/cite.h"

namespace descent {
namespace {

// Functions rather than globals: the catalogs may be built during static initialisation.
Citation efficient_backprop() {
  return cite("Efficient BackProp", "LeCun, Bottou, Orr, Müller", 1998,
              "Neural Networks: Tricks of the Trade, Springer");
}
Citation he_2015() {
  return cite(
      "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet "
      "Classification",
      "He, Zhang, Ren, Sun", 2015, "ICCV 2015");
}
Citation glorot_2010() {
  return cite("Understanding the difficulty of training deep feedforward neural networks",
              "Glorot, Bengio", 2010, "AISTATS 2010");
}
Citation saxe_2014() {
  return cite(
      "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks",
      "Saxe, McClelland, Ganguli", 2014, "ICLR 2014");
}

// The catalog's citation shape (as catalog/catalog_json.cpp writes it), kept here so that the
// network code does not depend on the whole catalog.
nlohmann::json citation_json(const Citation& c) {
  nlohmann::json out = {{"title", c.title}, {"authors", c.authors}, {"year", c.year}};
  if (!c.venue.empty()) out["venue"] = c.venue;
  return out;
}

template <class Info, class E>
const Info* find_value(const std::vector<Info>& catalog, E value) {
  for (const auto& info : catalog) {
    if (info.value == value) return &info;
  }
  return nullptr;
}

template <class Info>
auto parse_name(const std::vector<Info>& catalog, const std::string& name)
    -> std::optional<decltype(Info::value)> {
  for (const auto& info : catalog) {
    if (info.name == name) return info.value;
  }
  return std::nullopt;
}

template <class Info>
std::vector<std::string> names_of(const std::vector<Info>& catalog) {
  std::vector<std::string> names;
  names.reserve(catalog.size());
  for (const auto& info : catalog) names.push_back(info.name);
  return names;
}

template <class Info>
nlohmann::json entries_json(const std::vector<Info>& catalog) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& info : catalog) {
    out.push_back({{"name", info.name},
                   {"title", info.title},
                   {"description", info.description},
                   {"citation", citation_json(info.citation)},
                   {"params", nlohmann::json::array()}});
  }
  return out;
}

}  // namespace

const std::vector<ActivationInfo>& activation_catalog() {
  static const std::vector<ActivationInfo> catalog = {
      {Activation::Relu, "relu", "ReLU", "max(z, 0): sparse, non-saturating for z > 0.",
       cite("Rectified Linear Units Improve Restricted Boltzmann Machines", "Nair, Hinton", 2010,
            "ICML 2010")},
      {Activation::LeakyRelu, "leaky_relu", "Leaky ReLU",
       "z for z > 0, 0.01 z otherwise: a ReLU whose negative side keeps a small gradient.",
       cite("Rectifier Nonlinearities Improve Neural Network Acoustic Models", "Maas, Hannun, Ng",
            2013,
            "ICML 2013 Workshop on Deep Learning for Audio, Speech "
            "and Language Processing")},
      {Activation::Gelu, "gelu", "GELU",
       "z Phi(z) with Phi the standard normal CDF (exact erf form): a smooth ReLU.",
       cite("Gaussian Error Linear Units (GELUs)", "Hendrycks, Gimpel", 2016, "arXiv:1606.08415")},
      {Activation::Silu, "silu", "SiLU (Swish)",
       "z sigmoid(z): smooth, non-monotonic near 0, ReLU-like for large |z|.",
       cite("Sigmoid-Weighted Linear Units for Neural Network Function Approximation in "
            "Reinforcement Learning",
            "Elfwing, Uchibe, Doya", 2018, "Neural Networks 107")},
      {Activation::Tanh, "tanh", "Tanh", "tanh(z): zero-centred and saturating at +-1.",
       efficient_backprop()},
      {Activation::Sigmoid, "sigmoid", "Sigmoid",
       "1 / (1 + exp(-z)): saturating in (0, 1), not zero-centred.",
       cite("Learning representations by back-propagating errors", "Rumelhart, Hinton, Williams",
            1986, "Nature 323")},
      {Activation::Sin, "sin", "Sine",
       "sin(z): periodic, as in sinusoidal representation networks (SIREN).",
       cite("Implicit Neural Representations with Periodic Activation Functions",
            "Sitzmann, Martel, Bergman, Lindell, Wetzstein", 2020, "NeurIPS 2020")},
      {Activation::Linear, "linear", "Linear (identity)",
       "z: no nonlinearity; the network computes a linear function of its input.", Citation{}},
  };
  return catalog;
}

const std::vector<InitInfo>& init_catalog() {
  static const std::vector<InitInfo> catalog = {
      {InitScheme::HeUniform, "he_uniform", "He (Kaiming) uniform",
       "U(-b, b) with b = gain sqrt(6 / fan_in): variance 2 / fan_in, kept through ReLUs.",
       he_2015()},
      {InitScheme::HeNormal, "he_normal", "He (Kaiming) normal",
       "N(0, gain^2 2 / fan_in): variance kept through ReLU layers.", he_2015()},
      {InitScheme::XavierUniform, "xavier_uniform", "Xavier (Glorot) uniform",
       "U(-b, b) with b = gain sqrt(6 / (fan_in + fan_out)): balances forward and backward "
       "variance.",
       glorot_2010()},
      {InitScheme::XavierNormal, "xavier_normal", "Xavier (Glorot) normal",
       "N(0, gain^2 2 / (fan_in + fan_out)): balances forward and backward variance.",
       glorot_2010()},
      {InitScheme::LecunUniform, "lecun_uniform", "LeCun uniform",
       "U(-b, b) with b = gain sqrt(3 / fan_in): variance 1 / fan_in.", efficient_backprop()},
      {InitScheme::LecunNormal, "lecun_normal", "LeCun normal",
       "N(0, gain^2 / fan_in): unit-variance pre-activations for unit-variance inputs.",
       efficient_backprop()},
      {InitScheme::Orthogonal, "orthogonal", "Orthogonal",
       "gain times a random orthogonal matrix (QR of a Gaussian matrix, signs fixed): every "
       "singular value equals the gain.",
       saxe_2014()},
      {InitScheme::Zero, "zero", "Zero",
       "All weights 0: hidden units stay identical (a symmetry gradient descent cannot break).",
       Citation{}},
  };
  return catalog;
}

const std::vector<LossInfo>& loss_catalog() {
  static const std::vector<LossInfo> catalog = {
      {LossKind::Mse, "mse", "Mean squared error",
       "Mean over the batch of 0.5 |out - y|^2 (summed over outputs), for regression.",
       cite("Nouvelles méthodes pour la détermination des orbites des comètes", "Legendre", 1805,
            "")},
      {LossKind::CrossEntropy, "cross_entropy", "Softmax cross-entropy",
       "Mean over the batch of -log softmax(logits)[label], for any number of classes.",
       cite("Probabilistic Interpretation of Feedforward Classification Network Outputs, with "
            "Relationships to Statistical Pattern Recognition",
            "Bridle", 1990, "Neurocomputing, NATO ASI Series F68")},
      {LossKind::Logistic, "logistic", "Logistic (binary cross-entropy)",
       "Mean over the batch of log(1 + exp(-s z)) with one logit z and s = +-1 for the two "
       "classes.",
       cite("The Regression Analysis of Binary Sequences", "Cox", 1958,
            "Journal of the Royal Statistical Society B 20")},
      {LossKind::StableMax, "stablemax", "StableMax cross-entropy",
       "Cross-entropy on s(z_i) / sum_j s(z_j) with s(x) = x + 1 for x >= 0 and 1/(1 - x) for "
       "x < 0: grows linearly instead of exponentially, so float32 gradients of confidently "
       "correct samples do not round to zero (no softmax collapse).",
       cite("Grokking at the Edge of Numerical Stability", "Prieto, Barsbey, Mediano, Birdal", 2025,
            "ICLR 2025")},
  };
  return catalog;
}

const std::vector<ModelFeatureInfo>& model_feature_catalog() {
  static const std::vector<ModelFeatureInfo> catalog = {
      {"layer_norm", "Layer normalisation",
       "Normalises each hidden pre-activation over its features (mean 0, variance 1, eps 1e-5), "
       "then applies a learned gain and bias.",
       cite("Layer Normalization", "Ba, Kiros, Hinton", 2016, "arXiv:1607.06450")},
      {"residual", "Residual connections",
       "h <- h + f(h) on hidden layers after the first whose width does not change.",
       cite("Deep Residual Learning for Image Recognition", "He, Zhang, Ren, Sun", 2016,
            "CVPR 2016")},
      {"random_features", "Random features",
       "Only the output layer is trained, from zero; the hidden layers keep their random initial "
       "weights. With the mse loss, gradient descent from zero converges to the minimum-norm "
       "least-squares fit on the random features.",
       cite("Random Features for Large-Scale Kernel Machines", "Rahimi, Recht", 2007,
            "NeurIPS 2007")},
  };
  return catalog;
}

std::optional<Activation> parse_activation(const std::string& name) {
  return parse_name(activation_catalog(), name);
}
std::optional<InitScheme> parse_init(const std::string& name) {
  return parse_name(init_catalog(), name);
}
std::optional<LossKind> parse_loss(const std::string& name) {
  return parse_name(loss_catalog(), name);
}

const char* name(Activation a) {
  const auto* info = find_value(activation_catalog(), a);
  return info ? info->name.c_str() : "";
}
const char* name(InitScheme s) {
  const auto* info = find_value(init_catalog(), s);
  return info ? info->name.c_str() : "";
}
const char* name(LossKind k) {
  const auto* info = find_value(loss_catalog(), k);
  return info ? info->name.c_str() : "";
}

std::vector<std::string> activation_names() { return names_of(activation_catalog()); }
std::vector<std::string> init_names() { return names_of(init_catalog()); }
std::vector<std::string> loss_names() { return names_of(loss_catalog()); }

nlohmann::json model_catalog_json() {
  nlohmann::json out;
  out["activations"] = entries_json(activation_catalog());
  out["inits"] = entries_json(init_catalog());
  out["losses"] = entries_json(loss_catalog());
  nlohmann::json features = nlohmann::json::array();
  for (const auto& f : model_feature_catalog()) {
    features.push_back({{"name", f.name},
                        {"title", f.title},
                        {"description", f.description},
                        {"citation", citation_json(f.citation)},
                        {"params", nlohmann::json::array()}});
  }
  out["features"] = features;
  return out;
}

}  // namespace descent
