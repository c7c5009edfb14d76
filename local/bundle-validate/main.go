// Command bundle-validate checks an OLM bundle directory as `operator-sdk bundle validate <dir> --select-optional
// suite=operatorframework` does, with the same libraries: operator-registry's format check (metadata/annotations.yaml,
// media type, directory layout), operator-framework/api's default validators (bundle, ClusterServiceVersion, CRDs)
// and its optional validators of the operatorframework suite. The Go module proxy serves operator-framework/api and
// operator-registry but not operator-sdk itself, so Cairn builds this thin command instead (local/kube-binaries.sh).
//
// It reads files only: no validator that pulls images or reaches a registry is run (multiarch inspects the images).
// Prints one line per finding ("ERROR ..." / "WARNING ...") and exits 1 when there is an error, 0 otherwise.
//
//	bundle-validate [--k8s-version 1.29] [--list] <bundle dir>
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	apimanifests "github.com/operator-framework/api/pkg/manifests"
	apivalidation "github.com/operator-framework/api/pkg/validation"
	apierrors "github.com/operator-framework/api/pkg/validation/errors"
	interfaces "github.com/operator-framework/api/pkg/validation/interfaces"
	registrybundle "github.com/operator-framework/operator-registry/pkg/lib/bundle"
	"github.com/sirupsen/logrus"
)

type named struct {
	name      string
	validator interfaces.Validator
}

// The optional validators of operator-sdk's suite=operatorframework that need nothing but the files. The first
// "operatorhub" validator is deprecated by the library for these three, which check the same.
var suite = []named{
	{"operatorhubv2", apivalidation.OperatorHubV2Validator},
	{"standardcapabilities", apivalidation.StandardCapabilitiesValidator},
	{"standardcategories", apivalidation.StandardCategoriesValidator},
	{"good-practices", apivalidation.GoodPracticesValidator},
	{"alpha-deprecated-apis", apivalidation.AlphaDeprecatedAPIsValidator},
}

func main() {
	k8sVersion := flag.String("k8s-version", "", "the Kubernetes version the bundle targets (optional value k8s-version)")
	list := flag.Bool("list", false, "print the checks this command runs, then exit")
	flag.Parse()
	if *list {
		fmt.Println("format: operator-registry ValidateBundleFormat (annotations, media type, layout)")
		fmt.Println("default: bundle, clusterserviceversion, customresourcedefinition, object kinds")
		for _, v := range suite {
			fmt.Println("optional: " + v.name)
		}
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: bundle-validate [--k8s-version X.Y] [--list] <bundle dir>")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	logger := logrus.NewEntry(logrus.New())
	logger.Logger.SetOutput(os.Stderr)

	var results []apierrors.ManifestResult
	format := apierrors.ManifestResult{Name: "format"}
	if err := registrybundle.NewImageValidator(nil, logger).ValidateBundleFormat(dir); err != nil {
		format.Add(apierrors.ErrInvalidBundle(err.Error(), dir))
	}
	results = append(results, format)

	manifestsDir := filepath.Join(dir, registrybundle.ManifestsDir)
	mediaType, err := registrybundle.GetMediaType(manifestsDir)
	if err != nil {
		fail(err)
	}
	bundle, err := apimanifests.GetBundleFromDir(manifestsDir)
	if err != nil {
		fail(err)
	}
	kinds := apierrors.ManifestResult{Name: "objects"}
	for _, u := range bundle.Objects {
		kind := u.GetObjectKind().GroupVersionKind().Kind
		if supported, _ := registrybundle.IsSupported(kind); mediaType == registrybundle.RegistryV1Type && !supported {
			kinds.Add(apierrors.ErrInvalidBundle("kind not supported in a registry+v1 bundle", kind))
		}
	}
	results = append(results, kinds)
	results = append(results, apivalidation.DefaultBundleValidators.Validate(bundle.ObjectsToValidate()...)...)

	objects := bundle.ObjectsToValidate()
	for _, u := range bundle.Objects {
		objects = append(objects, u)
	}
	objects = append(objects, map[string]string{"k8s-version": *k8sVersion})
	for _, v := range suite {
		results = append(results, v.validator.Validate(objects...)...)
	}

	var lines []string
	errorCount := 0
	for _, r := range results {
		for _, e := range r.Errors {
			lines = append(lines, fmt.Sprintf("ERROR %s: %s", r.Name, e.Error()))
			errorCount++
		}
		for _, w := range r.Warnings {
			lines = append(lines, fmt.Sprintf("WARNING %s: %s", r.Name, w.Error()))
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	if errorCount > 0 {
		fmt.Printf("%d error(s)\n", errorCount)
		os.Exit(1)
	}
	fmt.Println("All validation tests have completed successfully")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ERROR "+err.Error())
	os.Exit(1)
}
