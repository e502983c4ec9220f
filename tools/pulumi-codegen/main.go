// pulumi-codegen: Pulumi's own SDK generators (pkg/v3/codegen/nodejs and .../python), run on the
// package schema of the native provider. Not product code: scripts/pulumi-sdk.ts builds it (cached
// beside the engines) and runs it; `pulumi package gen-sdk` would need the language plugins, which
// cannot be built here.
//
//	pulumi-codegen -schema schema.json -nodejs DIR -python DIR
//
// Each DIR is written with exactly the files the generator returns (the directory is made; files
// already there are overwritten, others left alone: the caller generates into an empty directory).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// The tool name the generators write into every file's header.
const tool = "o365-reseller (npm run sdk:generate)"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	nodejsDir := flag.String("nodejs", "", "where to write the TypeScript SDK")
	pythonDir := flag.String("python", "", "where to write the Python SDK")
	flag.Parse()
	if *schemaPath == "" || (*nodejsDir == "" && *pythonDir == "") {
		fmt.Fprintln(os.Stderr, "usage: pulumi-codegen -schema schema.json [-nodejs DIR] [-python DIR]")
		os.Exit(2)
	}
	if err := run(*schemaPath, *nodejsDir, *pythonDir); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-codegen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, nodejsDir, pythonDir string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	languages := map[string]schema.Language{"nodejs": nodejs.Importer, "python": python.Importer}
	pkg, err := schema.ImportSpec(spec, languages, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("%s does not bind: %w", schemaPath, err)
	}
	if nodejsDir != "" {
		files, err := nodejs.GeneratePackage(tool, pkg, nil, nil, false, noPackages{})
		if err != nil {
			return fmt.Errorf("nodejs: %w", err)
		}
		if err := write(nodejsDir, files); err != nil {
			return err
		}
	}
	if pythonDir != "" {
		files, err := python.GeneratePackage(tool, pkg, nil, noPackages{})
		if err != nil {
			return fmt.Errorf("python: %w", err)
		}
		if err := write(pythonDir, files); err != nil {
			return err
		}
	}
	return nil
}

func write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
		fmt.Println(filepath.ToSlash(filepath.Join(filepath.Base(dir), name)))
	}
	return nil
}

// noPackages is the schema loader: the package refers to no other package, so any lookup is an error.
type noPackages struct{}

var errNoPackages = errors.New("the o365reseller schema refers to no other package")

func (noPackages) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoPackages
}
