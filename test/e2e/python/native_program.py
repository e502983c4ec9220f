"""A Python program on the native provider, run inline through Python's Automation API.

    python native_program.py WORKDIR up|preview-no-change SEATS
    python native_program.py WORKDIR import|preview-imported TENANT/SUBSCRIPTION_ID

`up` and `preview-no-change` run a program that creates a tenant and a subscription (stack dev);
`import` adopts an existing tenant and subscription by id with the `import_` resource option, and
`preview-imported` previews the same program without it (stack adopted). The provider's credentials
come from O365R_TEST_* variables (an emulator account); the backend,
PULUMI_HOME and the passphrase from the PULUMI_* environment the test sets; the CLI from
O365R_TEST_PULUMI_ROOT (a directory holding bin/pulumi). Prints the stack's outputs as one JSON line
prefixed with RESULT.
"""

import json
import os
import sys

import pulumi
import pulumi_o365reseller as o365reseller
from pulumi import automation as auto


def account_provider() -> o365reseller.Provider:
    return o365reseller.Provider(
        "main",
        endpoint=os.environ["O365R_TEST_ENDPOINT"],
        application_key=os.environ["O365R_TEST_APPLICATION_KEY"],
        application_secret=os.environ["O365R_TEST_APPLICATION_SECRET"],
        consumer_key=os.environ["O365R_TEST_CONSUMER_KEY"],
    )


def program(seats: int):
    def run():
        opts = pulumi.ResourceOptions(provider=account_provider())
        tenant = o365reseller.Tenant(
            "contoso",
            display_name="Contoso Python GmbH",
            mpn_id="1234567",
            contact=o365reseller.TenantContactArgs(
                first_name="Paula",
                last_name="Python",
                email="it@contoso.example",
                phone="+49 30 7654321",
                address="Schlangenweg 3",
                city="Berlin",
                zip_code="10117",
            ),
            opts=opts,
        )
        standard = o365reseller.Subscription(
            "contoso-standard",
            tenant=tenant.service_name,
            license="Microsoft 365 Business Standard",
            quantity=seats,
            opts=opts,
        )
        pulumi.export("tenant", tenant.service_name)
        pulumi.export("account", tenant.ovh_account)
        pulumi.export("subscriptionId", standard.subscription_id)
        pulumi.export("seats", standard.quantity)

    return run


def imported(ids: str, adopt: bool):
    """The tenant and subscription the test seeds (LEGACY in test/e2e/native-support.ts), as declared."""
    service_name = ids.split("/")[0]

    def run():
        provider = account_provider()

        def opts(import_id: str) -> pulumi.ResourceOptions:
            return pulumi.ResourceOptions(provider=provider, import_=import_id if adopt else None)

        tenant = o365reseller.Tenant(
            "legacy",
            display_name="Legacy Ltd",
            mpn_id="1234567",
            contact=o365reseller.TenantContactArgs(
                first_name="Lee",
                last_name="Gacy",
                email="it@legacy.example",
                phone="+44.2071234567",
                address="1 Old Street",
                city="London",
                zip_code="EC1V 9HL",
            ),
            opts=opts(service_name),
        )
        standard = o365reseller.Subscription(
            "legacy-standard",
            tenant=tenant.service_name,
            license="Microsoft 365 Business Standard",
            quantity=12,
            opts=opts(ids),
        )
        pulumi.export("tenant", tenant.service_name)
        pulumi.export("account", tenant.ovh_account)
        pulumi.export("subscriptionId", standard.subscription_id)

    return run


def main() -> None:
    work_dir, action, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    if action in ("import", "preview-imported"):
        stack_name, run = "adopted", imported(arg, adopt=action == "import")
    else:
        stack_name, run = "dev", program(int(arg))
    stack = auto.create_or_select_stack(
        stack_name=stack_name,
        project_name="o365-reseller-python",
        program=run,
        opts=auto.LocalWorkspaceOptions(
            work_dir=work_dir,
            pulumi_home=os.environ["PULUMI_HOME"],
            pulumi_command=auto.PulumiCommand(
                root=os.environ["O365R_TEST_PULUMI_ROOT"], skip_version_check=True
            ),
            project_settings=auto.ProjectSettings(name="o365-reseller-python", runtime="python"),
        ),
    )
    if action in ("up", "import"):
        result = stack.up(on_output=print)
        outputs = {k: v.value for k, v in result.outputs.items()}
        outputs["resourceChanges"] = result.summary.resource_changes
        print("RESULT " + json.dumps(outputs))
    elif action in ("preview-no-change", "preview-imported"):
        stack.preview(on_output=print, expect_no_changes=True)
        print("RESULT {}")
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
