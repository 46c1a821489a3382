// Package model is a linear classifier over sparse named features:
// multinomial logistic regression, trained with L-BFGS (gonum's optimize),
// calibrated by temperature scaling, with a decision threshold chosen for
// precision. It knows nothing of mail: package classify turns a message
// into features, package classify/train reads labelled folders.
//
// # Files
//
// A model is a JSON file (see File): its classes, weights per feature
// name, temperature and threshold. The default model, made by
// `mailbot train` from the repository's labelled mail, is embedded
// (Default); `[classify] model = "path"` loads another one (Load).
package model
