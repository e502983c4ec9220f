"""A Python program on the native provider, run inline through Python's Automation API.

    python native_program.py WORKDIR up|preview-no-change SEATS

The provider's credentials come from O365R_TEST_* variables (an emulator account); the backend,
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


def program(seats: int):
    def run():
        provider = o365reseller.Provider(
            "main",
            endpoint=os.environ["O365R_TEST_ENDPOINT"],
            application_key=os.environ["O365R_TEST_APPLICATION_KEY"],
            application_secret=os.environ["O365R_TEST_APPLICATION_SECRET"],
            consumer_key=os.environ["O365R_TEST_CONSUMER_KEY"],
        )
        opts = pulumi.ResourceOptions(provider=provider)
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


def main() -> None:
    work_dir, action, seats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    stack = auto.create_or_select_stack(
        stack_name="dev",
        project_name="o365-reseller-python",
        program=program(seats),
        opts=auto.LocalWorkspaceOptions(
            work_dir=work_dir,
            pulumi_home=os.environ["PULUMI_HOME"],
            pulumi_command=auto.PulumiCommand(
                root=os.environ["O365R_TEST_PULUMI_ROOT"], skip_version_check=True
            ),
            project_settings=auto.ProjectSettings(name="o365-reseller-python", runtime="python"),
        ),
    )
    if action == "up":
        result = stack.up(on_output=print)
        print("RESULT " + json.dumps({k: v.value for k, v in result.outputs.items()}))
    elif action == "preview-no-change":
        stack.preview(on_output=print, expect_no_changes=True)
        print("RESULT {}")
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
